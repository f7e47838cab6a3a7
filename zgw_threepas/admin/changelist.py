"""What the record pages (publications, notifications, the 3PAS message log) share: they are
read, never edited, and a change list never answers a mistyped filter with a server error."""

from __future__ import annotations

from django.contrib.admin.options import IncorrectLookupParameters


class ReadOnlyChangeMixin:
    """The change page of a record is a view: no save buttons, and a POST changes nothing.

    Only :mod:`zgw_threepas.delivery` changes a record, through its actions. Those ask for the
    *change* permission without an object (Django's ``allowed_permissions`` check), so the
    permission stays for the change list and its actions and is withheld only for one record's
    form.
    """

    def has_change_permission(self, request, obj=None):
        if obj is not None:
            return False
        return super().has_change_permission(request, obj)


class SafeChangelistMixin:
    """A date or year lookup out of range (``?aangemaakt__year=99999999999999999999``) is an
    invalid lookup, answered as Django answers one: back to the list with ``?e=1``."""

    def get_changelist_instance(self, request):
        try:
            return super().get_changelist_instance(request)
        except (OverflowError, ValueError) as exc:
            raise IncorrectLookupParameters(exc) from exc
