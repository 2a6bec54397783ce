"""The NinjaAPI instance: token auth on every operation, one error shape, offline docs."""

from __future__ import annotations

from ninja import NinjaAPI

from fracos.api import (
    billing,
    directory,
    errors,
    exports,
    insights,
    pipeline,
    playbook,
    proposals,
    time,
)
from fracos.api.auth import TokenAuth
from fracos.api.docs import LocalSwagger

api = NinjaAPI(
    title="Fractional OS API",
    version="1",
    description=(
        "Clients, engagements, time, invoices and the pipeline of one practice. Authenticate with a personal access "
        "token (`fracos token create --name laptop`) sent as `Authorization: Bearer <token>`. "
        "Amounts are decimal strings with a currency; times are ISO 8601 with an offset."
    ),
    auth=TokenAuth(),
    docs=LocalSwagger(),
    urls_namespace="api-v1",
)
errors.install(api)
api.add_router("/", directory.router)
api.add_router("/", time.router)
api.add_router("/", insights.router)
api.add_router("/", billing.router)
api.add_router("/", pipeline.router)
api.add_router("/", proposals.router)
api.add_router("/", playbook.router)
api.add_router("/", exports.router)
