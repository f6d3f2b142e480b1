"""Block Kit limit checks: return Slack-style `[ERROR] ... [json-pointer:...]` messages."""

from __future__ import annotations

from typing import Any

MESSAGE_MAX_BLOCKS = 50
VIEW_MAX_BLOCKS = 100
MESSAGE_MAX_TEXT = 40_000

BLOCK_TYPES = frozenset(
    [
        "actions",
        "context",
        "context_actions",
        "divider",
        "file",
        "header",
        "image",
        "input",
        "markdown",
        "rich_text",
        "section",
        "table",
        "video",
    ]
)
SELECTS = frozenset(
    [
        "static_select",
        "external_select",
        "users_select",
        "conversations_select",
        "channels_select",
        "multi_static_select",
        "multi_external_select",
        "multi_users_select",
        "multi_conversations_select",
        "multi_channels_select",
    ]
)
ELEMENT_TYPES = SELECTS | frozenset(
    [
        "button",
        "checkboxes",
        "datepicker",
        "datetimepicker",
        "email_text_input",
        "feedback_buttons",
        "file_input",
        "icon_button",
        "image",
        "number_input",
        "overflow",
        "plain_text_input",
        "radio_buttons",
        "rich_text_input",
        "timepicker",
        "url_text_input",
        "workflow_button",
    ]
)
TEXT_TYPES = ("plain_text", "mrkdwn")


class _Checker:
    """Walks blocks and collects limit violations."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.block_ids: set[str] = set()

    def fail(self, message: str, pointer: str) -> None:
        self.errors.append(f"[ERROR] {message} [json-pointer:{pointer}]")

    def length(self, value: Any, limit: int, pointer: str, *, required: bool = False) -> None:
        if value is None:
            if required:
                self.fail("missing required field", pointer)
            return
        if not isinstance(value, str):
            self.fail("must be a string", pointer)
        elif len(value) > limit:
            self.fail(f"must be less than {limit + 1} characters", pointer)
        elif required and not value:
            self.fail("must be more than 0 characters", pointer)

    def text(self, obj: Any, limit: int, pointer: str, *, plain: bool = False) -> None:
        if not isinstance(obj, dict):
            self.fail("must be a text object", pointer)
            return
        allowed = ("plain_text",) if plain else TEXT_TYPES
        if obj.get("type") not in allowed:
            self.fail(f"must be one of {', '.join(allowed)}", f"{pointer}/type")
        self.length(obj.get("text"), limit, f"{pointer}/text", required=True)

    def items(self, value: Any, limit: int, pointer: str, *, minimum: int = 0) -> list[Any]:
        if not isinstance(value, list):
            self.fail("must be an array", pointer)
            return []
        if len(value) > limit:
            self.fail(f"no more than {limit} items allowed", pointer)
        elif len(value) < minimum:
            self.fail(f"must provide at least {minimum} items", pointer)
        return value

    def blocks(self, blocks: Any, limit: int, pointer: str, *, modal: bool = False) -> bool:
        """Check a list of blocks; return whether it holds an input block."""
        has_input = False
        for index, block in enumerate(self.items(blocks, limit, pointer)):
            has_input |= self.block(block, f"{pointer}/{index}", modal=modal)
        return has_input

    def block(self, block: Any, ptr: str, *, modal: bool) -> bool:
        if not isinstance(block, dict) or "type" not in block:
            self.fail("missing required field: type", ptr)
            return False
        kind = block["type"]
        if kind not in BLOCK_TYPES:
            self.fail(f"unsupported type: {kind}", f"{ptr}/type")
            return False
        block_id = block.get("block_id")
        if block_id is not None:
            self.length(block_id, 255, f"{ptr}/block_id", required=True)
            if block_id in self.block_ids:
                self.fail(f"duplicate block_id: {block_id}", f"{ptr}/block_id")
            self.block_ids.add(block_id)
        action_ids: set[str] = set()
        if kind == "section":
            if block.get("text") is None and block.get("fields") is None:
                self.fail("must provide either text or fields", ptr)
            if block.get("text") is not None:
                self.text(block["text"], 3000, f"{ptr}/text")
            if block.get("fields") is not None:
                for i, item in enumerate(self.items(block["fields"], 10, f"{ptr}/fields")):
                    self.text(item, 2000, f"{ptr}/fields/{i}")
            if block.get("accessory") is not None:
                self.element(block["accessory"], f"{ptr}/accessory", action_ids)
        elif kind == "header":
            self.text(block.get("text"), 150, f"{ptr}/text", plain=True)
        elif kind == "actions":
            elements = self.items(block.get("elements"), 25, f"{ptr}/elements", minimum=1)
            for i, element in enumerate(elements):
                self.element(element, f"{ptr}/elements/{i}", action_ids)
        elif kind == "context":
            elements = self.items(block.get("elements"), 10, f"{ptr}/elements", minimum=1)
            for i, element in enumerate(elements):
                if isinstance(element, dict) and element.get("type") in TEXT_TYPES:
                    self.text(element, 3000, f"{ptr}/elements/{i}")
                elif not (isinstance(element, dict) and element.get("type") == "image"):
                    self.fail("must be a text object or an image element", f"{ptr}/elements/{i}")
        elif kind == "input":
            self.text(block.get("label"), 2000, f"{ptr}/label", plain=True)
            if block.get("hint") is not None:
                self.text(block["hint"], 2000, f"{ptr}/hint", plain=True)
            self.element(block.get("element"), f"{ptr}/element", action_ids)
            return True
        elif kind == "image":
            if block.get("image_url") is None and block.get("slack_file") is None:
                self.fail("must provide either image_url or slack_file", ptr)
            self.length(block.get("image_url"), 3000, f"{ptr}/image_url")
            self.length(block.get("alt_text"), 2000, f"{ptr}/alt_text", required=True)
            if block.get("title") is not None:
                self.text(block["title"], 2000, f"{ptr}/title", plain=True)
        elif kind == "markdown":
            self.length(block.get("text"), 12_000, f"{ptr}/text", required=True)
        return False

    def element(self, element: Any, ptr: str, action_ids: set[str]) -> None:
        if not isinstance(element, dict) or element.get("type") not in ELEMENT_TYPES:
            kind = element.get("type") if isinstance(element, dict) else None
            self.fail(f"unsupported type: {kind}", f"{ptr}/type")
            return
        kind = element["type"]
        action_id = element.get("action_id")
        if action_id is not None:
            self.length(action_id, 255, f"{ptr}/action_id", required=True)
            if action_id in action_ids:
                self.fail(f"duplicate action_id: {action_id}", f"{ptr}/action_id")
            action_ids.add(action_id)
        if kind == "button":
            self.text(element.get("text"), 75, f"{ptr}/text", plain=True)
            self.length(element.get("value"), 2000, f"{ptr}/value")
            self.length(element.get("url"), 3000, f"{ptr}/url")
            if element.get("style") not in (None, "primary", "danger"):
                self.fail("must be a valid enum value", f"{ptr}/style")
        elif kind in SELECTS or kind in ("overflow", "checkboxes", "radio_buttons"):
            self.options(element, kind, ptr)
        if element.get("placeholder") is not None:
            self.text(element["placeholder"], 150, f"{ptr}/placeholder", plain=True)
        max_length = element.get("max_length")
        if kind == "plain_text_input" and isinstance(max_length, int) and max_length > 3000:
            self.fail("must be less than or equal to 3000", f"{ptr}/max_length")

    def options(self, element: dict[str, Any], kind: str, ptr: str) -> None:
        if kind in SELECTS and "static" not in kind:
            return  # users, conversations, channels and external selects carry no options
        limit = {"overflow": 5, "checkboxes": 10, "radio_buttons": 10}.get(kind, 100)
        plain = kind in SELECTS or kind == "overflow"
        if kind in SELECTS and "option_groups" in element:
            groups = self.items(element["option_groups"], 100, f"{ptr}/option_groups")
            for g, group in enumerate(groups):
                gptr = f"{ptr}/option_groups/{g}"
                group = group if isinstance(group, dict) else {}
                self.text(group.get("label"), 75, f"{gptr}/label", plain=True)
                for i, option in enumerate(
                    self.items(group.get("options"), 100, f"{gptr}/options")
                ):
                    self.option(option, f"{gptr}/options/{i}", plain)
            return
        minimum = 2 if kind == "overflow" else 1
        opts = self.items(element.get("options"), limit, f"{ptr}/options", minimum=minimum)
        for i, option in enumerate(opts):
            self.option(option, f"{ptr}/options/{i}", plain)

    def option(self, option: Any, ptr: str, plain: bool) -> None:
        if not isinstance(option, dict):
            self.fail("must be an option object", ptr)
            return
        self.text(option.get("text"), 75, f"{ptr}/text", plain=plain)
        self.length(option.get("value"), 150, f"{ptr}/value", required=True)
        if option.get("description") is not None:
            self.text(option["description"], 75, f"{ptr}/description", plain=plain)


def check_message_blocks(blocks: Any) -> list[str]:
    """Check the `blocks` of a message (50 blocks at most); return Slack error messages."""
    checker = _Checker()
    checker.blocks(blocks, MESSAGE_MAX_BLOCKS, "/blocks")
    return checker.errors


def check_view(view: Any, expected_type: str | None = None) -> list[str]:
    """Check a modal or Home tab view (100 blocks, title 24, ...); return Slack error messages."""
    checker = _Checker()
    if not isinstance(view, dict):
        checker.fail("must be an object", "/view")
        return checker.errors
    kind = view.get("type")
    if kind not in ("modal", "home") or (expected_type and kind != expected_type):
        checker.fail("must be a valid enum value", "/view/type")
        return checker.errors
    has_input = checker.blocks(view.get("blocks"), VIEW_MAX_BLOCKS, "/view/blocks")
    if kind == "modal":
        checker.text(view.get("title"), 24, "/view/title", plain=True)
        for key in ("submit", "close"):
            if view.get(key) is not None:
                checker.text(view[key], 24, f"/view/{key}", plain=True)
        if has_input and view.get("submit") is None:
            checker.fail("must define `submit` to use an `input` block in modals", "/view/blocks")
    checker.length(view.get("private_metadata"), 3000, "/view/private_metadata")
    checker.length(view.get("callback_id"), 255, "/view/callback_id")
    checker.length(view.get("external_id"), 255, "/view/external_id")
    return checker.errors
