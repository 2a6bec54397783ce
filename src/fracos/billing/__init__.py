"""Billing: invoices, credit notes, payments, reminders, PDF and e-invoices."""
