"""Stand-in OAuth: `oauth.v2.access` exchanges a code for a workspace's bot token, and the
token says which workspace a call acts in (the stand-in's data is shared by every workspace)."""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass

from devkit.standin.api import ApiError
from devkit.standin.models import JsonDict

OAUTH_ACCESS = "oauth.v2.access"
CLIENT_ID = "1111.2222"  # local test values, not credentials
CLIENT_SECRET = "standin-client-secret"


@dataclass(frozen=True)
class Grant:
    """One workspace's installation: the token `oauth.v2.access` hands out, and who it is."""

    team_id: str
    team_name: str
    bot_token: str
    bot_user_id: str
    bot_id: str
    app_id: str
    enterprise_id: str | None = None

    def access(self, scopes: str, installer: str) -> JsonDict:
        """oauth.v2.access's answer, as Slack gives it for a bot install."""
        enterprise = {"id": self.enterprise_id, "name": "Org"} if self.enterprise_id else None
        return {
            "ok": True,
            "app_id": self.app_id,
            "authed_user": {"id": installer},
            "scope": scopes,
            "token_type": "bot",
            "access_token": self.bot_token,
            "bot_user_id": self.bot_user_id,
            "team": {"id": self.team_id, "name": self.team_name},
            "enterprise": enterprise,
            "is_enterprise_install": False,
        }

    def auth_test(self, url: str) -> JsonDict:
        """auth.test's answer for this token."""
        return {
            "ok": True,
            "url": url,
            "team": self.team_name,
            "user": "maturity-bot",
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "enterprise_id": self.enterprise_id,
            "is_enterprise_install": False,
        }


class OAuthApp:
    """The app's client credentials, the codes offered to installers, the tokens handed out."""

    def __init__(self, client_id: str = CLIENT_ID, client_secret: str = CLIENT_SECRET) -> None:
        self.client_id, self.client_secret = client_id, client_secret
        self._codes: dict[str, tuple[Grant, str]] = {}
        self._tokens: dict[str, Grant] = {}

    def offer(self, grant: Grant, installer: str) -> str:
        """A one-time code, as Slack appends it to the redirect URL after `installer` approves."""
        code = secrets.token_hex(8)
        self._codes[code] = (grant, installer)
        return code

    def grant_of(self, token: str) -> Grant | None:
        """The installation a token belongs to; None when unknown or revoked."""
        return self._tokens.get(token)

    def revoke(self, team_id: str) -> None:
        """The workspace uninstalled the app: its token stops working."""
        self._tokens = {t: g for t, g in self._tokens.items() if g.team_id != team_id}

    def exchange(self, authorization: str, params: JsonDict, scopes: str) -> JsonDict:
        """oauth.v2.access: client credentials (HTTP Basic or params) and a code, for a token."""
        client_id, client_secret = _basic(authorization) or (
            params.get("client_id"),
            params.get("client_secret"),
        )
        if client_id != self.client_id:
            raise ApiError("invalid_client_id")
        if client_secret != self.client_secret:
            raise ApiError("bad_client_secret")
        offered = self._codes.pop(str(params.get("code")), None)
        if offered is None:
            raise ApiError("invalid_code")
        grant, installer = offered
        self._tokens[grant.bot_token] = grant
        return grant.access(scopes, installer)


def _basic(authorization: str) -> tuple[str, str] | None:
    if not authorization.lower().startswith("basic "):
        return None
    user, _, password = base64.b64decode(authorization[6:]).decode().partition(":")
    return user, password
