"""The Slack app manifest agrees with the code: commands, shortcuts, events and bot scopes.

Two independent readings of the code are compared with `bot/manifest.yaml`:
- a scan of the source of `bot/listeners/` for `app.command/shortcut/event/...` registrations
  (ids resolved through `bot/slack/ids.py`) and of all of `bot/` (but the stand-in) for Web API calls;
- the listeners the real Bolt app holds once `bot.wiring.app.create_app` has built it against the local
  Slack stand-in, so a listener registered somewhere the scan does not look is caught as well.
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from slack_bolt import App, BoltRequest, BoltResponse
from slack_sdk import WebClient

from bot.slack import ids

ROOT = Path(__file__).resolve().parents[1]
BOT = ROOT / "bot"
LISTENERS = BOT / "listeners"
MANIFEST = BOT / "manifest.yaml"

# The bot-token scopes each Web API method needs (slack_sdk method names; see each method's page
# on docs.slack.dev). An empty set means "no scope". Add a row when the code calls a new method.
METHOD_SCOPES: dict[str, frozenset[str]] = {
    "auth_test": frozenset(),
    "chat_postMessage": frozenset({"chat:write"}),
    "chat_postEphemeral": frozenset({"chat:write"}),
    "chat_update": frozenset({"chat:write"}),
    "chat_delete": frozenset({"chat:write"}),
    "chat_getPermalink": frozenset(),
    "conversations_join": frozenset({"channels:join"}),
    # Assessment channels may be private (the bot is then a member): both kinds need reading.
    "conversations_info": frozenset({"channels:read", "groups:read"}),
    "conversations_open": frozenset({"im:write"}),
    # Reading back our own posts after a lost reply (bot.delivery.job): DMs and channels.
    "conversations_history": frozenset({"im:history", "channels:history", "groups:history"}),
    "conversations_replies": frozenset({"im:history", "channels:history", "groups:history"}),
    "users_info": frozenset({"users:read"}),
    "users_list": frozenset({"users:read"}),
    "views_open": frozenset(),
    "views_push": frozenset(),
    "views_update": frozenset(),
    "views_publish": frozenset(),
    # files.getUploadURLExternal + files.completeUploadExternal.
    "files_upload_v2": frozenset({"files:write"}),
}
# Listener arguments that call the Web API on the listener's behalf.
INJECTED_CALLS = {"say": "chat_postMessage"}
# Events API type the code handles -> (manifest bot event, the scope that event needs or None).
# The bot only listens to messages in its own DMs (replies to evidence prompts).
EVENTS: dict[str, tuple[str, str | None]] = {
    "app_home_opened": ("app_home_opened", None),
    "message": ("message.im", "im:history"),
    # OAuth mode: stop acting in a workspace that removed the app (bot.listeners.uninstall).
    "app_uninstalled": ("app_uninstalled", None),
    "tokens_revoked": ("tokens_revoked", None),
    # The people directory follows profile changes and new members (bot.listeners.people).
    "user_change": ("user_change", "users:read"),
    "team_join": ("team_join", "users:read"),
}
COMMANDS_SCOPE = "commands"  # slash commands and shortcuts both need it
# Registration methods of a Bolt App, by the manifest section they need.
SURFACES = {
    "command": "command",
    "shortcut": "shortcut",
    "global_shortcut": "shortcut",
    "message_shortcut": "shortcut",
    "event": "event",
    "message": "event",
    "action": "interactive",
    "block_action": "interactive",
    "view": "interactive",
    "view_submission": "interactive",
    "view_closed": "interactive",
    "options": "options",
    "block_suggestion": "options",
}

NAMED_SURFACES = ("command", "shortcut", "event")  # those the manifest declares by name


@dataclass(frozen=True, order=True)
class Registration:
    """One listener as the manifest sees it: its surface and its name (command, id, event)."""

    surface: str
    name: str


# --- the manifest ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    data = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(data, dict), "bot/manifest.yaml is not a YAML mapping"
    return data


def manifest_commands(manifest: dict[str, Any]) -> set[str]:
    return {c["command"] for c in manifest["features"].get("slash_commands", [])}


def manifest_shortcuts(manifest: dict[str, Any]) -> dict[str, str]:
    return {s["callback_id"]: s["type"] for s in manifest["features"].get("shortcuts", [])}


def manifest_events(manifest: dict[str, Any]) -> set[str]:
    return set(manifest["settings"]["event_subscriptions"]["bot_events"])


def manifest_scopes(manifest: dict[str, Any]) -> set[str]:
    return set(manifest["oauth_config"]["scopes"]["bot"])


# --- reading the source -------------------------------------------------------------------------


def python_files(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*.py")):
        if "standin" not in path.relative_to(root).parts:
            yield path


def resolve(node: ast.expr, where: str) -> object:
    """A decorator argument's value: a literal, or a name or attribute from `bot/slack/ids.py`."""
    try:
        return ast.literal_eval(node)
    except ValueError:
        pass
    parts: list[str] = []
    target = node
    while isinstance(target, ast.Attribute):
        parts.insert(0, target.attr)
        target = target.value
    if isinstance(target, ast.Name):
        value: object = ids
        for part in [target.id, *parts]:
            value = getattr(value, part, None)
        if value is not None:
            return value
    raise AssertionError(f"{where}: cannot resolve {ast.unparse(node)!r} through bot/slack/ids.py")


def name_of(surface: str, value: object) -> str:
    """The manifest-relevant name of a constraint: a string, or `type` / `callback_id` of a dict."""
    if isinstance(value, dict):
        value = value.get("type" if surface == "event" else "callback_id", value)
    return str(value)


def scanned_registrations(root: Path = LISTENERS) -> set[Registration]:
    """Every `app.<surface>(...)` registration under `root`, ids resolved."""
    found: set[Registration] = set()
    for path in python_files(root):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "app"
                and node.func.attr in SURFACES
            ):
                continue
            surface = SURFACES[node.func.attr]
            where = f"{path.name}:{node.lineno}"
            assert node.args, f"{where}: app.{node.func.attr}() without a positional constraint"
            if node.func.attr == "message":  # app.message(keyword) listens to message events
                value: object = "message"
            elif surface in NAMED_SURFACES:
                value = resolve(node.args[0], where)
            else:  # action, view and options ids are the code's own business
                value = ast.unparse(node.args[0])
            found.add(Registration(surface, name_of(surface, value)))
    return found


API_METHODS = {
    name
    for name, _ in inspect.getmembers(WebClient, inspect.isfunction)
    if "_" in name and not name.startswith("_") and name != "api_call"
}


def called_method(node: ast.AST) -> str | None:
    """The Web API method a syntax node calls, if any (unknown calls on a client included)."""
    if isinstance(node, ast.arg):
        return INJECTED_CALLS.get(node.arg)
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return None
    attr = node.func.attr
    if attr == "api_call":
        first = node.args[0] if node.args else None
        named = first.value if isinstance(first, ast.Constant) else None
        return str(named).replace(".", "_", 1) if named else "api_call(<not a literal>)"
    if attr in API_METHODS or ast.unparse(node.func.value).lower().endswith("client"):
        return attr
    return None


def scanned_methods(root: Path = BOT) -> dict[str, set[str]]:
    """Web API methods called under `root` (the stand-in excluded) -> the files calling them."""
    calls: dict[str, set[str]] = {}
    for path in python_files(root):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            method = called_method(node)
            if method:
                calls.setdefault(method, set()).add(str(path.relative_to(root)))
    return calls


# --- the real app -------------------------------------------------------------------------------

_CONSTRAINT_NAMES = ("command", "callback_id", "event_type", "constraints")


def constraint_of(matcher: Any) -> tuple[str, object] | None:
    """(Bolt matcher kind, its constraint) for Bolt's built-in matchers, None for custom ones.

    Bolt keeps the constraint in the closure of the matcher's `func`; the caller confirms every
    reading by running the matcher on a request built from it.
    """
    func = getattr(matcher, "func", None)
    if func is None or "<locals>" not in func.__qualname__:
        return None
    kind = func.__qualname__.split(".")[0]
    if kind == "message_event":
        return "message", "message"
    variables = inspect.getclosurevars(func).nonlocals
    for key in _CONSTRAINT_NAMES:
        if key in variables:
            return kind, variables[key]
    return kind, None


def probe_body(surface: str, name: str, kind: str) -> dict[str, Any]:
    """A minimal payload that a listener registered for `name` must match."""
    base = {"team_id": "T0STANDIN", "api_app_id": "A0STANDIN"}
    if surface == "command":
        return {**base, "command": name, "text": "", "user_id": "U0X"}
    if surface == "event":
        return {**base, "type": "event_callback", "event": {"type": name, "channel_type": "im"}}
    shortcut_type = "shortcut" if kind == "global_shortcut" else "message_action"
    return {"type": shortcut_type, "callback_id": name, "team": {"id": "T0STANDIN"}}


def app_registrations(app: App) -> set[Registration]:
    """What the built app listens to, read from its listeners and confirmed by probing them."""
    found: set[Registration] = set()
    for listener in app._listeners:  # Bolt has no public listing; this is test-only reading
        read = constraint_of(listener.matchers[0])
        if read is None or read[0] not in SURFACES:
            continue
        kind, value = read
        surface = SURFACES[kind]
        if surface not in NAMED_SURFACES:
            continue
        assert isinstance(value, str | dict), f"a {kind} listener matches {value!r}: use a name"
        name = name_of(surface, value)
        request = BoltRequest(body=probe_body(surface, name, kind), mode="socket_mode")
        assert listener.matchers[0].matches(request, BoltResponse(status=200)), (
            f"could not read the {kind} listener's constraint (read {name!r}); "
            "Bolt's matcher internals may have changed"
        )
        found.add(Registration(surface, name))
    return found


@pytest.fixture(scope="module")
def built_app(manifest: dict[str, Any]) -> Iterator[App]:
    """The real app from `create_app`, its client on a stand-in granting the manifest's scopes."""
    from bot.config.clock import SystemClock
    from bot.config.services import Services
    from bot.config.settings import Settings
    from bot.wiring.app import create_app, make_client
    from devkit.standin import SlackStandIn
    from questionnaire.registry import FrameworkRegistry
    from tests.fakes import MemoryStore

    with SlackStandIn(scopes=manifest_scopes(manifest)) as slack:
        services = Services(
            settings=Settings(_env_file=None, slack_bot_token=slack.bot_token),
            uow=MemoryStore().uow_factory(),
            clock=SystemClock(),
            registry=FrameworkRegistry(),
        )
        client = make_client(slack.bot_token, slack.base_url)
        yield create_app(services, client, signing_secret="manifest-test-secret")


# --- the checks: each returns what is wrong, so the last test can show they catch mistakes --------


def by_surface(registrations: set[Registration], surface: str) -> set[str]:
    return {r.name for r in registrations if r.surface == surface}


def listener_problems(code: set[Registration], manifest: dict[str, Any]) -> list[str]:
    """Commands, shortcuts and events handled but not in the manifest, or declared but unhandled."""
    problems: list[str] = []
    pairs = (
        ("slash command", by_surface(code, "command"), manifest_commands(manifest)),
        ("shortcut callback_id", by_surface(code, "shortcut"), set(manifest_shortcuts(manifest))),
    )
    for what, handled, declared in pairs:
        problems += [
            f"{what} {name} is handled but not in the manifest" for name in handled - declared
        ]
        problems += [
            f"{what} {name} is in the manifest but not handled" for name in declared - handled
        ]
    events = by_surface(code, "event")
    problems += [
        f"event {e} is handled but missing from EVENTS" for e in sorted(events - set(EVENTS))
    ]
    subscribed = {EVENTS[e][0] for e in events if e in EVENTS}
    declared = manifest_events(manifest)
    problems += [
        f"bot event {e} is handled but not subscribed" for e in sorted(subscribed - declared)
    ]
    problems += [
        f"bot event {e} is subscribed but not handled" for e in sorted(declared - subscribed)
    ]
    return problems


def needed_scopes(methods: dict[str, set[str]], code: set[Registration]) -> dict[str, str]:
    """Each scope the code needs -> why (the first method or event that needs it)."""
    why: dict[str, str] = {}
    for method in sorted(methods):
        for scope in sorted(METHOD_SCOPES.get(method, ())):
            why.setdefault(scope, method)
    for event in sorted(by_surface(code, "event") & set(EVENTS)):
        manifest_event, scope = EVENTS[event]
        if scope:
            why.setdefault(scope, f"the {manifest_event} event")
    if by_surface(code, "command") or by_surface(code, "shortcut"):
        why.setdefault(COMMANDS_SCOPE, "slash commands and shortcuts")
    return why


def scope_problems(
    methods: dict[str, set[str]], code: set[Registration], manifest: dict[str, Any]
) -> list[str]:
    """Methods without a known scope, scopes the manifest lacks, and scopes nothing needs."""
    problems = [
        f"{method} (called in {', '.join(sorted(files))}) is not in METHOD_SCOPES: add its scopes"
        for method, files in sorted(methods.items())
        if method not in METHOD_SCOPES
    ]
    needed, granted = needed_scopes(methods, code), manifest_scopes(manifest)
    problems += [
        f"scope {scope} is needed by {why} but not in the manifest"
        for scope, why in sorted(needed.items())
        if scope not in granted
    ]
    problems += [
        f"scope {scope} is in the manifest but no method or event in bot/ needs it"
        for scope in sorted(granted - set(needed))
    ]
    return problems


def test_manifest_has_the_shape_slack_expects(manifest: dict[str, Any]) -> None:
    assert manifest["display_information"]["name"] == "Maturity Bot"
    assert manifest["features"]["bot_user"]["always_online"] is True
    settings = manifest["settings"]
    assert settings["socket_mode_enabled"] is True
    assert settings["org_deploy_enabled"] is False
    assert settings["token_rotation_enabled"] is False
    for command in manifest["features"]["slash_commands"]:
        assert command["should_escape"] is True, "the bot reads escaped <@U…|name> mentions"
        assert command["url"].endswith("/slack/events")
    assert settings["event_subscriptions"]["request_url"].endswith("/slack/events")
    assert settings["interactivity"]["request_url"].endswith("/slack/events")


def test_the_source_scan_matches_what_the_built_app_listens_to(built_app: App) -> None:
    scanned = {r for r in scanned_registrations() if r.surface in NAMED_SURFACES}
    assert by_surface(scanned, "command"), "the source scan found no slash command: broken?"
    assert app_registrations(built_app) == scanned, (
        "a listener is registered outside bot/listeners or in a form this test cannot read"
    )


def test_every_listener_is_in_the_manifest_and_every_entry_has_a_listener(
    manifest: dict[str, Any],
) -> None:
    assert listener_problems(scanned_registrations(), manifest) == []
    assert manifest_shortcuts(manifest)[ids.Shortcut.ATTACH_EVIDENCE] == "message"


def test_interactive_listeners_have_their_request_urls(manifest: dict[str, Any]) -> None:
    code = scanned_registrations()
    interactivity = manifest["settings"]["interactivity"]
    if {r.surface for r in code} & {"interactive", "shortcut", "options"}:
        assert interactivity["is_enabled"] is True
    if by_surface(code, "options"):  # external_select menus load their options from this URL
        assert interactivity["message_menu_options_url"].endswith("/slack/events")
    app_home = manifest["features"]["app_home"]
    if "app_home_opened" in by_surface(code, "event"):
        assert app_home["home_tab_enabled"] is True
    if "message" in by_surface(code, "event"):  # people reply to the bot in its DM
        assert app_home["messages_tab_enabled"] is True
        assert app_home["messages_tab_read_only_enabled"] is False


def test_every_scope_the_code_needs_is_granted_and_none_is_unused(
    manifest: dict[str, Any],
) -> None:
    methods = scanned_methods()
    assert "chat_postMessage" in methods, "the source scan found no chat.postMessage: broken?"
    assert scope_problems(methods, scanned_registrations(), manifest) == []


def test_the_checks_catch_what_the_manifest_lacks(manifest: dict[str, Any], tmp_path: Path) -> None:
    (tmp_path / "reactions.py").write_text(
        "def register(app, services):\n"
        "    @app.event('reaction_added')\n"
        "    @app.shortcut(Shortcut.ATTACH_EVIDENCE)\n"
        "    def added(event, client):\n"
        "        client.reactions_add(name='eyes', channel='C1', timestamp='1')\n"
        "        client.files_upload_v2(channel='C1', content='x')\n",
        encoding="utf-8",
    )
    code = scanned_registrations(tmp_path) | {Registration("command", ids.COMMAND)}
    assert (
        Registration("shortcut", "attach_as_evidence") in code
    )  # resolved through bot/slack/ids.py
    assert listener_problems(code, manifest) == [
        "event reaction_added is handled but missing from EVENTS",
        "bot event app_home_opened is subscribed but not handled",
        "bot event app_uninstalled is subscribed but not handled",
        "bot event message.im is subscribed but not handled",
        "bot event team_join is subscribed but not handled",
        "bot event tokens_revoked is subscribed but not handled",
        "bot event user_change is subscribed but not handled",
    ]
    methods = scanned_methods(tmp_path)
    assert set(methods) == {"reactions_add", "files_upload_v2"}
    problems = scope_problems(methods, code, manifest)
    assert problems[0].startswith("reactions_add (called in reactions.py) is not in METHOD_SCOPES")
    assert "scope chat:write is in the manifest but no method or event in bot/ needs it" in problems
    assert not any("files:write" in problem for problem in problems)


def test_the_usage_hint_names_every_subcommand(manifest: dict[str, Any]) -> None:
    """What Slack shows while typing `/maturity` lists every subcommand `/maturity help` lists."""
    from bot.blocks.messages import SUBCOMMANDS

    [command] = manifest["features"]["slash_commands"]
    for usage, _ in SUBCOMMANDS:
        assert usage.split()[0] in command["usage_hint"], usage
