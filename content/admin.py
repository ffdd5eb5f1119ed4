"""The staff admin for articles, topics, people and pictures."""

import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from content import services
from content.caching import bump_content_version
from content.forms import PersonForm
from content.images import ImageRejected, process_image
from content.models import (
    Article,
    ArticleImage,
    OldSlug,
    Person,
    RelatedArticle,
    SafetyCondition,
    SearchSynonym,
    Topic,
)
from content.readability import GRADE_TARGET, reading_grade
from content.views import article_page_context

REVIEW_SOON_DAYS = 30
PUBLISHING_FIELDS = [
    "status", "published_on", "featured", "last_reviewed", "next_review_due",
    "when_review_overdue", "references", "references_approval", "readability", "preview_link",
]  # fmt: skip


class DeletesThroughService:
    """Deleting shows at once on every cached page and list, as an edit does."""

    def delete_model(self, request, obj):
        services.content_delete(queryset=type(obj).objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        services.content_delete(queryset=queryset)


@admin.register(Topic)
class TopicAdmin(DeletesThroughService, admin.ModelAdmin):
    list_display = ["name", "position", "slug"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        bump_content_version()


@admin.register(Person)
class PersonAdmin(DeletesThroughService, admin.ModelAdmin):
    form = PersonForm
    list_display = ["name", "credentials", "role", "is_demo"]
    list_filter = ["role", "is_demo"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "credentials"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        bump_content_version()  # bylines and the demo notice show on cached pages


@admin.register(SafetyCondition)
class SafetyConditionAdmin(admin.ModelAdmin):
    """The one safety list: articles show it (`[[safety]]`) and booking asks its questions."""

    list_display = ["condition", "level", "question", "position", "reviewer", "last_reviewed"]
    list_filter = ["level"]
    list_editable = ["position"]
    search_fields = ["condition", "wording", "question"]
    fields = ["key", "condition", "wording", "level", "question", "position", "reviewer",
              "last_reviewed"]  # fmt: skip

    def get_readonly_fields(self, request, obj=None):
        # Booking answers are stored under the key, so it stays once saved.
        return ["key"] if obj else []

    def save_model(self, request, obj, form, change):
        services.safety_condition_save(condition=obj)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.safety_articles_render()


class ArticleImageForm(forms.ModelForm):
    upload = forms.ImageField(
        label="Picture",
        required=False,
        help_text="JPEG, PNG, WebP or GIF, up to 8 MB. Location and camera details are removed.",
    )

    class Meta:
        model = ArticleImage
        fields = ["upload", "alt"]

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload is None:
            if not self.instance.pk:
                raise forms.ValidationError("Choose a picture to upload.")
            return None
        data = upload.read()
        try:
            process_image(data)
        except ImageRejected as error:
            raise forms.ValidationError(str(error)) from error
        self.upload_data = data
        return upload


@admin.register(ArticleImage)
class ArticleImageAdmin(admin.ModelAdmin):
    form = ArticleImageForm
    list_display = ["alt", "thumbnail", "width", "height", "uploaded_at"]
    search_fields = ["alt"]
    readonly_fields = ["thumbnail", "width", "height"]

    @admin.display(description="Preview")
    def thumbnail(self, image: ArticleImage):
        if not image.renditions:
            return "—"
        return format_html('<img src="{}" alt="{}" width="160">', image.fallback["url"], image.alt)

    def save_model(self, request, obj, form, change):
        data = getattr(form, "upload_data", None)
        if data is not None:
            services.image_fill(image=obj, data=data, name=form.cleaned_data["upload"].name)
        obj.save()


class RelatedArticleInline(admin.TabularInline):
    model = RelatedArticle
    fk_name = "from_article"
    autocomplete_fields = ["to_article"]
    extra = 1
    verbose_name = "similar post"
    verbose_name_plural = "similar posts"


class OldSlugInline(admin.TabularInline):
    model = OldSlug
    extra = 0
    readonly_fields = ["slug"]
    can_delete = True
    verbose_name = "old address (redirects here)"
    verbose_name_plural = "old addresses (redirect here)"

    def has_add_permission(self, request, obj=None):
        return False


class ReviewDueFilter(admin.SimpleListFilter):
    title = "review due"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Overdue"),
            ("soon", f"Due in {REVIEW_SOON_DAYS} days"),
            ("ok", "Not due"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        soon = today + datetime.timedelta(days=REVIEW_SOON_DAYS)
        if self.value() == "overdue":
            return queryset.review_overdue(today)
        if self.value() == "soon":
            return queryset.filter(next_review_due__gte=today, next_review_due__lte=soon)
        if self.value() == "ok":
            return queryset.filter(next_review_due__gt=soon)
        return queryset


@admin.register(Article)
class ArticleAdmin(DeletesThroughService, admin.ModelAdmin):
    list_display = [
        "title", "topic", "status", "published_on", "next_review_due", "review_flag",
        "readability", "preview_link",
    ]  # fmt: skip
    list_filter = ["topic", "status", ReviewDueFilter, "featured"]
    list_select_related = ["topic"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["image"]
    date_hierarchy = "published_on"
    actions = ["publish", "unpublish", "approve_references"]
    inlines = [RelatedArticleInline, OldSlugInline]
    readonly_fields = ["preview_link", "readability", "references_approval"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "topic", "summary", "body", "image"]}),
        ("People", {"fields": ["author", "reviewer"]}),
        (
            "Publishing",
            {"fields": PUBLISHING_FIELDS},
        ),
    ]

    @admin.display(description="Review", ordering="next_review_due")
    def review_flag(self, article: Article):
        if article.review_is_overdue:
            return format_html('<strong class="review-overdue">{}</strong>', "⚠ Review overdue")
        return "OK"

    @admin.display(description="References approved")
    def references_approval(self, article: Article):
        if not article.references:
            return "No references."
        if not article.references_approved:
            return (
                "Not yet: the page shows them once the reviewer has checked them "
                '(action "Approve the references of the selected articles").'
            )
        approver, day = article.references_approved_by, article.references_approved_on
        return f"By {approver.name} on {day:%B %-d, %Y}."

    @admin.display(description="Reading grade")
    def readability(self, article: Article):
        if not article.body_text:
            return "—"
        grade = reading_grade(article.body_text)
        hint = f" (aim for {GRADE_TARGET} or lower)" if grade > GRADE_TARGET else ""
        return f"{grade:.1f}{hint}"

    @admin.display(description="Preview")
    def preview_link(self, article: Article):
        if not article.pk:
            return "Save first to preview."
        url = reverse("admin:content_article_preview", args=[article.pk])
        return format_html('<a href="{}">Preview</a>', url)

    def get_urls(self):
        preview = path(
            "<int:pk>/preview/",
            self.admin_site.admin_view(self.preview_view),
            name="content_article_preview",
        )
        return [preview, *super().get_urls()]

    def preview_view(self, request, pk):
        """The article exactly as the site shows it (stored, sanitised HTML), even a draft."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        article = get_object_or_404(Article.objects.for_page(), pk=pk)
        similar = list(article.relations_in_order().select_related("topic"))
        page = article_page_context(request, article, today=timezone.localdate(), similar=similar)
        context = {"stub": article, "page": page, "preview": True}
        return render(
            request,
            "content/article_detail.html",
            context | {"content_version": page["content_version"]},
        )

    def get_search_results(self, request, queryset, search_term):
        # Title matches first: the newsletter's featured-article picker searches here.
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset.title_matches_first(search_term), may_have_duplicates

    def save_model(self, request, obj, form, change):
        services.article_save(article=obj)

    @admin.action(description="Publish the selected articles", permissions=["change"])
    def publish(self, request, queryset):
        for article in queryset:
            services.article_publish(article=article)
        self.message_user(request, f"Published {queryset.count()} article(s).", messages.SUCCESS)

    @admin.action(description="Unpublish the selected articles", permissions=["change"])
    def unpublish(self, request, queryset):
        for article in queryset:
            services.article_unpublish(article=article)
        self.message_user(request, f"Unpublished {queryset.count()} article(s).", messages.SUCCESS)

    @admin.action(
        description="Approve the references of the selected articles (checked by their reviewer)",
        permissions=["change"],
    )
    def approve_references(self, request, queryset):
        today = timezone.localdate()
        for article in queryset:
            services.article_references_approve(article=article, on=today)
        self.message_user(
            request,
            f"Recorded the reviewer's approval of the references of {queryset.count()} article(s).",
            messages.SUCCESS,
        )


@admin.register(SearchSynonym)
class SearchSynonymAdmin(admin.ModelAdmin):
    list_display = ["patient_words", "article_words"]
    search_fields = ["patient_words", "article_words"]

    # Search caches the synonym list under the content version.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        bump_content_version()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        bump_content_version()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        bump_content_version()
