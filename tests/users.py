"""Staff users for tests: one helper, whatever the role."""

from django.contrib.auth.models import Group, Permission, User

PASSWORD = "a-long-test-password-1"


def make_staff(
    username: str,
    *groups: str,
    superuser: bool = False,
    email: str = "",
    permissions: tuple[str, ...] = (),
) -> User:
    """A staff login in the named groups (the groups the migrations create), with any
    extra `permissions` ("app_label.codename") given to the user alone."""
    user = User.objects.create_user(
        username, email=email, password=PASSWORD, is_staff=True, is_superuser=superuser
    )
    user.groups.add(*Group.objects.filter(name__in=groups))
    assert user.groups.count() == len(groups), f"unknown group among {groups}"
    for name in permissions:
        app_label, codename = name.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user
