"""Admin inlines whose every input has a name a screen reader can say.

Django's tabular inline names its columns only in the table header, so axe finds
each row's inputs unlabelled, and its select2 picker (autocomplete_fields) names
its combobox after the empty text of its current choice. Each input here gets
its field's name as `aria-label`; static/js/admin-autocomplete-names.js passes
it (with the choice) on to the picker.
"""

from django.contrib import admin
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.forms.models import BaseInlineFormSet
from django.utils.text import capfirst


class LabelledFormSet(BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["aria-label"] = "Delete this row"


class LabelledTabularInline(admin.TabularInline):
    formset = LabelledFormSet
    extra = 0

    class Media:
        js = ["js/admin-autocomplete-names.js"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None:
            widget = field.widget
            if isinstance(widget, RelatedFieldWidgetWrapper):
                widget = widget.widget
            widget.attrs.setdefault("aria-label", capfirst(db_field.verbose_name))
        return field
