"""Who is acting: the one place the CLI and the web workbench learn the current user.

Today that is the local user: the name given (--actor), else $GONGKAI_ACTOR, else the OS login.
Accounts and roles (departments, assessors) will resolve the actor here too.
"""
from __future__ import annotations

import getpass
import os
from typing import Optional


def default_actor(actor: Optional[str] = None) -> str:
    """The actor recorded in the history for an event or edit."""
    if actor:
        return actor
    try:
        return os.environ.get("GONGKAI_ACTOR") or getpass.getuser()
    except (KeyError, OSError):     # a container user without a passwd entry
        return "unknown"
