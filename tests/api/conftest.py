"""An HTTP client per persona, each with its own personal access token."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from tests.cli.conftest import fracos, in_practice  # noqa: F401 - the CLI fixtures, shared


@dataclass
class Api:
    token: str
    http: Client

    def call(self, method: str, path: str, body: Any = None, **query: Any) -> Any:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {self.token}"} if self.token else {}
        url = f"/api/v1{path}"
        if method in ("get", "delete"):
            response = getattr(self.http, method)(url, query, **headers)
        else:
            response = getattr(self.http, method)(
                url,
                data=json.dumps(body if body is not None else {}),
                content_type="application/json",
                **headers,
            )
        return response

    def get(self, path: str, **query: Any) -> Any:
        return self.call("get", path, **query)

    def post(self, path: str, body: Any = None) -> Any:
        return self.call("post", path, body)

    def patch(self, path: str, body: Any = None) -> Any:
        return self.call("patch", path, body)

    def delete(self, path: str) -> Any:
        return self.call("delete", path)


ApiFor = Callable[..., Api]


@pytest.fixture
def api_for(cast: Any) -> ApiFor:
    from fracos.practice.services import token_create

    def make(actor: Any, *, read_only: bool = False, name: str = "test") -> Api:
        _token, raw = token_create(actor, name=name, read_only=read_only)
        return Api(raw, Client())

    return make


@pytest.fixture
def owner_api(api_for: ApiFor, cast: Any) -> Api:
    return api_for(cast.owner)
