"""Bootstrap 5 classes on the site's form widgets, with Django's own form rendering.

The forms set `bound_field_class = BootstrapBoundField` and the templates render each
field with `{% include "includes/field.html" with field=form.x %}`. Django already
adds `aria-invalid` and the `aria-describedby` ids of the help text and the error.
"""

from django import forms


class BootstrapBoundField(forms.BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        if self.errors:
            css += " is-invalid"
        attrs["class"] = f"{attrs.get('class', '')} {css}".strip()
        return attrs
