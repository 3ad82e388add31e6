"""/help and the command menu: one list is the source of both."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from telegram import BotCommand, Update
from telegram.ext import Application, CommandHandler

from bot.lifecycle import on_start
from handlers.common import Context


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    menu: str  # short description for Telegram's command menu
    example: str  # one-line example for /help


COMMANDS: list[Command] = [
    Command("start", "Introduction and set-up", "/start — what I do, and set your time zone"),
    Command("timezone", "Set your time zone", "/timezone Europe/Berlin  or  /timezone new york"),
    Command("log", "Log a spasm or cramp", "/log  or  /log left calf 7/10 2 min last night"),
    Command("history", "Your entries, newest first", "/history — open one to edit or delete it"),
    Command("undo", "Delete your last entry", "/undo"),
    Command("stats", "Your numbers and charts", "/stats  (last 7 days)  ·  /stats month  ·  /stats all"),
    Command(
        "report", "PDF report for your clinician", "/report  (30 days)  ·  /report 90  ·  /report 30 Jane Doe"
    ),
    Command("remind", "Reminders: water, stretching, night, morning", "/remind stretch 08:00 20:30"),
    Command("plan", "My plan: medicines, appointments, exercises", "/plan — everything on one screen"),
    Command(
        "meds",
        "Add or list your medicines",
        "/meds add baclofen 08:00 20:00  ·  /meds add ibuprofen as needed",
    ),
    Command("took", "Record a dose you took", "/took baclofen  ·  /took ibuprofen 20 min ago"),
    Command("appointment", "Add an appointment", "/appointment next tuesday 9am MS nurse"),
    Command("question", "Save a question for your clinician", "/question Is my dose right?"),
    Command("exercises", "Your physio routine", "/exercises add calf stretch 3 x 30 s"),
    Command("faq", "Questions and answers", "/faq why do I get cramps at night?"),
    Command("export", "Download your diary", "/export  (CSV)  or  /export json  (everything)"),
    Command("forget", "Erase all your data", "/forget — asks before deleting"),
    Command("sleep", "Your usual sleep hours", "/sleep 23:00-07:30"),
    Command("help", "All commands with examples", "/help — this list"),
    Command("cancel", "Leave what you are doing", "/cancel — stop the current step"),
]


def help_text() -> str:
    lines = ["Here is what I understand:", ""]
    lines += [f"/{c.name} — {c.menu}\n   e.g. {c.example}" for c in COMMANDS]
    lines += [
        "",
        "I am a diary and an information tool, not a doctor. For medical advice, talk to your clinician; "
        "in an emergency call your local emergency number (112 / 999 / 911).",
    ]
    return "\n".join(lines)


async def show_help(update: Update, context: Context) -> None:
    if update.effective_message is not None:
        await update.effective_message.reply_text(help_text())


def command_menu() -> list[BotCommand]:
    return [BotCommand(c.name, c.menu) for c in COMMANDS]


async def publish_menu(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    await application.bot.set_my_commands(command_menu())


def register(application: Application) -> None:
    application.add_handler(CommandHandler("help", show_help))
    on_start(application, publish_menu)
