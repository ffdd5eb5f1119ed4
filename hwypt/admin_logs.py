"""A log in the admin: rows the site writes, which staff may read but never add,
change or delete (an audit trail that could be edited would prove nothing)."""

from django.contrib import admin


class AppendOnlyLogAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
