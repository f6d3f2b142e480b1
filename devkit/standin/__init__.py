"""Local stand-in for Slack: a fake Web API server and a signed-request client for Bolt apps.

Used by the contract and end-to-end tests and by `make demo`, which plays an assessment
offline with the real Bolt app whose `WebClient(base_url=...)` points at the stand-in.
"""

from devkit.standin.blockkit import check_message_blocks, check_view
from devkit.standin.bolt_http import BoltServer
from devkit.standin.models import Channel, Message, StoredFile, User, View
from devkit.standin.payloads import option_value, options_value, plain_text_value, users_value
from devkit.standin.requests import SlackRequests
from devkit.standin.server import Call, SlackStandIn
from devkit.standin.signing import Response, SendOptions

__all__ = [
    "BoltServer",
    "Call",
    "Channel",
    "Message",
    "Response",
    "SendOptions",
    "SlackRequests",
    "SlackStandIn",
    "StoredFile",
    "User",
    "View",
    "check_message_blocks",
    "check_view",
    "option_value",
    "options_value",
    "plain_text_value",
    "users_value",
]
