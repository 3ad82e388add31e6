"""The Bot API stand-in driven in-process through a real PTB Bot / Application (no sockets)."""

from __future__ import annotations

import asyncio
import struct
import threading
import time

import pytest
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    Message,
    Update,
)
from telegram.error import BadRequest, Conflict, EndPointNotFound, Forbidden, NetworkError, RetryAfter
from telegram.ext import (
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.standin import StandinRequest
from tests.standin_extras import FakeBotApi

TOKEN = "123:ABC"
USER = 4242


def keyboard(*datas: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(data, callback_data=data) for data in datas]])


def png_header(width: int, height: int) -> bytes:
    return (
        b"\x89PNG\r\n\x1a\n"
        + b"\x00\x00\x00\rIHDR"
        + struct.pack(">II", width, height)
        + b"\x08\x06\x00\x00\x00"
    )


@pytest.fixture
def api() -> FakeBotApi:
    return FakeBotApi()


@pytest.fixture
async def bot(api: FakeBotApi):
    async with Bot(TOKEN, request=StandinRequest(api), get_updates_request=StandinRequest(api)) as bot:
        yield bot


async def test_get_me_reports_the_configured_bot() -> None:
    api = FakeBotApi(bot_id=777, bot_username="other_bot")
    async with Bot(TOKEN, request=StandinRequest(api), get_updates_request=StandinRequest(api)) as bot:
        assert (bot.id, bot.username) == (777, "other_bot")
    assert [call.method for call in api.calls] == ["getMe"]


async def test_sent_messages_get_increasing_ids_per_chat(api: FakeBotApi, bot: Bot) -> None:
    first = await bot.send_message(10, "one")
    second = await bot.send_message(10, "two")
    other = await bot.send_message(20, "elsewhere")

    assert (first.message_id, second.message_id, other.message_id) == (1, 2, 1)
    assert second.from_user is not None and second.from_user.id == bot.id
    assert second.chat.type == "private"
    assert [m["text"] for m in api.sent_messages(10)] == ["one", "two"]
    assert [m["text"] for m in api.sent_messages()] == ["one", "two", "elsewhere"]


async def test_user_and_bot_messages_share_one_id_sequence_per_chat(api: FakeBotApi, bot: Bot) -> None:
    api.user_message(USER, "hello")
    reply = await bot.send_message(USER, "hi")
    assert reply.message_id == 2


async def test_html_is_rendered_and_unsupported_html_rejected(bot: Bot) -> None:
    sent = await bot.send_message(1, "<b>Saved</b> &amp; done ", parse_mode="HTML")
    assert sent.text == "Saved & done"

    with pytest.raises(BadRequest, match=r"(?i)Unsupported start tag"):
        await bot.send_message(1, "line<br>break", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)Can't find end tag"):
        await bot.send_message(1, "<b>open", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)Unsupported start tag"):
        await bot.send_message(1, "pain <3", parse_mode="HTML")


async def test_markdown_v2_requires_escaping_reserved_characters(bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)Character '.' is reserved"):
        await bot.send_message(1, "Intensity 7.", parse_mode="MarkdownV2")
    sent = await bot.send_message(1, "*Intensity* 7\\.", parse_mode="MarkdownV2")
    assert sent.text == "Intensity 7."


async def test_legacy_markdown_requires_closed_entities(bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)can't find end of the entity"):
        await bot.send_message(1, "Thanks, user_name", parse_mode="Markdown")
    sent = await bot.send_message(
        1, "*Saved* for user\\_name, see [help](https://example.org)", parse_mode="Markdown"
    )
    assert sent.text == "Saved for user_name, see help"


async def test_unknown_parse_mode_is_rejected(bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)unsupported parse_mode"):
        await bot.send_message(1, "hi", parse_mode="RST")


@pytest.mark.parametrize(
    ("text", "error"),
    [("", "message text is empty"), ("  \n ", "message text is empty"), ("a" * 4097, "message is too long")],
)
async def test_message_text_limits(bot: Bot, text: str, error: str) -> None:
    with pytest.raises(BadRequest, match=f"(?i){error}"):
        await bot.send_message(1, text)


async def test_longest_allowed_text_is_accepted(bot: Bot) -> None:
    sent = await bot.send_message(1, "a" * 4096)
    assert sent.text is not None and len(sent.text) == 4096


async def test_callback_data_is_limited_to_64_bytes(bot: Bot) -> None:
    await bot.send_message(1, "ok", reply_markup=keyboard("x" * 64))
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(1, "too long", reply_markup=keyboard("x" * 65))
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):  # 33 chars but 66 bytes
        await bot.send_message(1, "multibyte", reply_markup=keyboard("é" * 33))


async def test_editing_follows_telegram_rules(api: FakeBotApi, bot: Bot) -> None:
    sent = await bot.send_message(USER, "Question?", reply_markup=keyboard("yes", "no"))

    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("Question?", USER, sent.message_id, reply_markup=keyboard("yes", "no"))

    await bot.edit_message_reply_markup(USER, sent.message_id, reply_markup=keyboard("yes"))
    current = api.message(USER, sent.message_id)
    assert current is not None and current["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "yes"

    edited = await bot.edit_message_text("Answered", USER, sent.message_id)  # no markup: keyboard goes
    assert isinstance(edited, Message)
    assert edited.text == "Answered" and edited.reply_markup is None and edited.edit_date is not None

    assert await bot.delete_message(USER, sent.message_id)
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("Again", USER, sent.message_id)
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await bot.delete_message(USER, sent.message_id)


async def test_callback_query_refers_to_the_bot_message_and_is_answered_once(
    api: FakeBotApi, bot: Bot
) -> None:
    await bot.send_message(USER, "first", reply_markup=keyboard("a"))
    sent = await bot.send_message(USER, "second", reply_markup=keyboard("b"))
    await bot.send_message(USER, "plain text after")
    api.callback_query(USER, "a")
    api.callback_query(USER, "b")

    first_press, second_press = [update.callback_query for update in await bot.get_updates()]
    assert first_press is not None and second_press is not None
    assert first_press.message is not None and first_press.message.message_id == 1
    assert second_press.message is not None and second_press.message.message_id == sent.message_id
    assert second_press.data == "b" and second_press.from_user.id == USER

    assert await bot.answer_callback_query(second_press.id, text="Saved")
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(second_press.id)


async def test_pressing_a_button_the_message_does_not_offer_is_refused(api: FakeBotApi, bot: Bot) -> None:
    sent = await bot.send_message(USER, "pick", reply_markup=keyboard("a"))
    with pytest.raises(ValueError, match="no button"):
        api.callback_query(USER, "zzz", message_id=sent.message_id)
    api.callback_query(USER, "zzz", message_id=sent.message_id, check_button=False)
    assert len(api.pending_updates()) == 1


async def test_documents_are_recorded_and_reusable_by_file_id(api: FakeBotApi, bot: Bot) -> None:
    sent = await bot.send_document(USER, b"%PDF-1.4 report", filename="report.pdf", caption="Your report")
    assert sent.document is not None and sent.document.file_name == "report.pdf"
    assert sent.document.mime_type == "application/pdf" and sent.caption == "Your report"
    call = api.calls_named("sendDocument")[0]
    assert call.files == {"document": ("report.pdf", b"%PDF-1.4 report")}
    assert api.uploaded_file(sent.document.file_id) == ("report.pdf", b"%PDF-1.4 report")

    again = await bot.send_document(USER, sent.document.file_id)
    assert again.document is not None and again.document.file_id == sent.document.file_id
    with pytest.raises(BadRequest, match=r"(?i)wrong file identifier"):
        await bot.send_document(USER, "no-such-file-id")
    with pytest.raises(BadRequest, match=r"(?i)file must be non-empty"):
        await bot.send_document(USER, b"", filename="empty.txt")


async def test_photos_report_png_dimensions(bot: Bot) -> None:
    sent = await bot.send_photo(USER, png_header(640, 480), filename="chart.png")
    assert (sent.photo[-1].width, sent.photo[-1].height) == (640, 480)
    assert sent.photo[0].width < 640  # a thumbnail comes first, as from Telegram


async def test_media_group_uploads_every_attachment(api: FakeBotApi, bot: Bot) -> None:
    media = [InputMediaPhoto(png_header(10, 20)), InputMediaPhoto(png_header(30, 40), caption="second")]
    sent = await bot.send_media_group(USER, media)
    assert len(sent) == 2 and sent[0].media_group_id == sent[1].media_group_id is not None
    assert [(m.photo[-1].width, m.caption) for m in sent] == [(10, None), (30, "second")]
    assert len(api.calls_named("sendMediaGroup")[0].files) == 2


async def test_replies_quote_the_original_message(api: FakeBotApi, bot: Bot) -> None:
    api.user_message(USER, "log a cramp")
    reply = await bot.send_message(USER, "Logged", reply_to_message_id=1)
    assert reply.reply_to_message is not None and reply.reply_to_message.text == "log a cramp"
    with pytest.raises(BadRequest, match=r"(?i)message to be replied not found"):
        await bot.send_message(USER, "Logged", reply_to_message_id=99)


async def test_chat_actions_are_validated(bot: Bot) -> None:
    assert await bot.send_chat_action(USER, "typing")
    with pytest.raises(BadRequest, match=r"(?i)wrong parameter action"):
        await bot.send_chat_action(USER, "dancing")


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")  # PTB's own RetryAfter
async def test_injected_faults_surface_as_ptb_errors(api: FakeBotApi, bot: Bot) -> None:
    api.fail_next("sendMessage", 429, retry_after=7)
    with pytest.raises(RetryAfter, match=r"Retry in (7 seconds|0:00:07)"):
        await bot.send_message(USER, "x")
    api.fail_next("sendMessage", 403)
    with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
        await bot.send_message(USER, "x")
    api.fail_next("sendMessage", 500, times=2)
    for _ in range(2):
        with pytest.raises(NetworkError) as raised:
            await bot.send_message(USER, "x")
        assert type(raised.value) is NetworkError  # not its BadRequest subclass
    await bot.send_message(USER, "delivered")
    assert [c.status for c in api.calls_named("sendMessage")] == [429, 403, 500, 500, 200]


async def test_blocked_user_gets_403_on_every_call_until_unblocked(api: FakeBotApi, bot: Bot) -> None:
    api.block_user(USER)
    with pytest.raises(Forbidden):
        await bot.send_message(USER, "x")
    with pytest.raises(Forbidden):
        await bot.send_chat_action(USER, "typing")
    await bot.send_message(USER + 1, "others still fine")
    api.unblock_user(USER)
    await bot.send_message(USER, "back")


async def test_my_chat_member_kicked_is_an_update_and_blocks_sends(api: FakeBotApi, bot: Bot) -> None:
    api.my_chat_member(USER, "kicked")
    (update,) = await bot.get_updates()
    assert update.my_chat_member is not None
    assert update.my_chat_member.new_chat_member.status == "kicked"
    assert update.my_chat_member.old_chat_member.status == "member"
    with pytest.raises(Forbidden):
        await bot.send_message(USER, "still there?")
    api.my_chat_member(USER, "member")
    await bot.send_message(USER, "welcome back")


async def test_strict_chats_refuse_users_who_never_wrote() -> None:
    api = FakeBotApi(strict_chats=True)
    async with Bot(TOKEN, request=StandinRequest(api), get_updates_request=StandinRequest(api)) as bot:
        with pytest.raises(Forbidden, match=r"(?i)can't initiate conversation"):
            await bot.send_message(99, "hello?")
        api.user_message(99, "/start")
        await bot.send_message(99, "hello!")
        with pytest.raises(BadRequest, match=r"(?i)chat not found"):
            await bot.send_message(-555, "group I am not in")


async def test_rate_limit_answers_429_beyond_the_budget() -> None:
    api = FakeBotApi(rate_limit_per_second=30)
    statuses = [(await api.handle("sendMessage", {"chat_id": 1, "text": "x"}))[0] for _ in range(45)]
    delivered = statuses.count(200)
    assert 30 <= delivered <= 31  # the bucket starts full; a sliver may refill while we loop
    assert set(statuses[delivered:]) == {429}
    status, body = await api.handle("sendMessage", {"chat_id": 1, "text": "x"})
    assert (status, body["parameters"]) == (429, {"retry_after": 1})
    assert (await api.handle("getMe", {}))[0] == 200  # only sends are limited


async def test_get_updates_confirms_by_offset(api: FakeBotApi, bot: Bot) -> None:
    ids = [api.user_message(USER, f"m{n}") for n in range(3)]
    assert ids == sorted(ids) and len(set(ids)) == 3
    assert [u.update_id for u in await bot.get_updates(limit=2)] == ids[:2]
    assert [u.update_id for u in await bot.get_updates(offset=ids[1] + 1)] == ids[2:]
    assert await bot.get_updates(offset=ids[2] + 1) == ()
    assert api.pending_updates() == []


async def test_long_poll_holds_for_the_timeout_when_idle(bot: Bot) -> None:
    started = time.monotonic()
    assert await bot.get_updates(timeout=1) == ()
    assert time.monotonic() - started >= 0.9  # held, not answered at once


async def test_long_poll_answers_as_soon_as_an_update_arrives(api: FakeBotApi, bot: Bot) -> None:
    # A 60 s poll that was not woken by the update would outlast the 20 s wait and fail it.
    poll = asyncio.ensure_future(bot.get_updates(timeout=60, read_timeout=70))
    await asyncio.sleep(0.2)
    api.user_message(USER, "now")
    updates = await asyncio.wait_for(poll, 20)
    assert [u.message.text for u in updates if u.message] == ["now"]


async def test_injection_from_another_thread_wakes_the_poll(api: FakeBotApi, bot: Bot) -> None:
    threading.Timer(0.2, api.user_message, args=(USER, "from a thread")).start()
    updates = await asyncio.wait_for(bot.get_updates(timeout=60, read_timeout=70), 20)
    assert updates[0].message is not None and updates[0].message.text == "from a thread"


async def test_a_second_poller_terminates_the_first(bot: Bot) -> None:
    first = asyncio.ensure_future(bot.get_updates(timeout=5))
    await asyncio.sleep(0.1)
    assert await bot.get_updates(timeout=0) == ()
    with pytest.raises(Conflict, match=r"(?i)terminated by other getUpdates"):
        await first


async def test_webhook_mode_excludes_polling(api: FakeBotApi, bot: Bot) -> None:
    api.user_message(USER, "queued")
    assert await bot.set_webhook("https://example.org/hook", secret_token="s3cret-token")
    info = await bot.get_webhook_info()
    assert (info.url, info.pending_update_count) == ("https://example.org/hook", 1)
    with pytest.raises(Conflict, match=r"(?i)webhook is active"):
        await bot.get_updates()
    with pytest.raises(BadRequest, match=r"(?i)secret token"):
        await bot.set_webhook("https://example.org/hook", secret_token="no spaces allowed")

    assert await bot.delete_webhook(drop_pending_updates=True)
    assert await bot.get_updates() == ()


async def test_allowed_updates_filter_later_updates(api: FakeBotApi, bot: Bot) -> None:
    await bot.get_updates(allowed_updates=["message"])
    await bot.send_message(USER, "pick", reply_markup=keyboard("a"))
    api.callback_query(USER, "a")
    api.user_message(USER, "text")
    assert [u.effective_message.text for u in await bot.get_updates() if u.effective_message] == ["text"]


async def test_commands_are_stored_per_scope_and_validated(api: FakeBotApi, bot: Bot) -> None:
    assert await bot.set_my_commands([("log", "Log an episode"), ("report", "PDF for your clinician")])
    assert await bot.set_my_commands([("start", "Begin")], language_code="de")
    assert [c.command for c in await bot.get_my_commands()] == ["log", "report"]
    assert [c.command for c in await bot.get_my_commands(language_code="de")] == ["start"]
    assert api.my_commands()[1] == {"command": "report", "description": "PDF for your clinician"}

    with pytest.raises(BadRequest, match=r"(?i)BOT_COMMAND_INVALID"):
        await bot.set_my_commands([("Log", "capital letters are refused")])
    assert await bot.delete_my_commands()
    assert await bot.get_my_commands() == ()


async def test_unknown_methods_answer_404(api: FakeBotApi, bot: Bot) -> None:
    status, body = await api.handle("sendDice", {"chat_id": 1})
    assert (status, body) == (
        404,
        {"ok": False, "error_code": 404, "description": "Not Found: method not found"},
    )
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("noSuchMethod")


async def test_update_builders_produce_updates_ptb_understands(api: FakeBotApi, bot: Bot) -> None:
    api.user_message(USER, "/start ref42", first_name="Ann")
    api.edited_message(USER, "/start ref43")
    api.user_location(USER, 52.52, 13.405)
    api.user_sticker(USER)
    api.user_photo(USER, caption="swollen calf")
    api.user_voice(USER, duration=5)
    api.group_message(-100, USER, "hi all")
    api.group_message(-1001234567890123, USER, "hi super")
    start, edit, location, sticker, photo, voice, group, supergroup = await bot.get_updates()

    assert start.message is not None and start.message.text == "/start ref42"
    assert start.message.entities[0].type == "bot_command" and start.message.entities[0].length == 6
    assert start.message.from_user is not None and start.message.from_user.first_name == "Ann"
    assert edit.edited_message is not None and edit.edited_message.text == "/start ref43"
    assert edit.edited_message.message_id == start.message.message_id
    assert location.message is not None and location.message.location is not None
    assert location.message.location.latitude == 52.52
    assert sticker.message is not None and sticker.message.sticker is not None
    assert photo.message is not None and photo.message.photo and photo.message.caption == "swollen calf"
    assert (
        voice.message is not None
        and voice.message.voice is not None
        and voice.message.voice.to_dict()["duration"] == 5
    )
    assert group.effective_chat is not None and (group.effective_chat.id, group.effective_chat.type) == (
        -100,
        "group",
    )
    assert supergroup.effective_chat is not None and supergroup.effective_chat.type == "supergroup"


async def test_raw_updates_keep_ids_monotonic(api: FakeBotApi, bot: Bot) -> None:
    raw_id = api.raw_update(
        {"update_id": 500, "message": {"message_id": 1, "date": 0, "chat": {"id": 5, "type": "private"}}}
    )
    next_id = api.user_message(USER, "after")
    assert (raw_id, next_id) == (500, 501)
    assert [u.update_id for u in await bot.get_updates()] == [500, 501]


async def test_wait_for_calls_times_out_with_a_useful_message(api: FakeBotApi) -> None:
    with pytest.raises(TimeoutError, match="sendMessage"):
        await api.wait_for_calls("sendMessage", timeout=0.1)


async def test_application_handlers_run_against_the_stand_in(api: FakeBotApi) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_text("Log a spasm?", reply_markup=keyboard("log"))

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer()
        await query.edit_message_text(f"You chose {query.data}")

    async def text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_document(b"date,intensity\n", filename="episodes.csv")

    app = (
        ApplicationBuilder()
        .token(TOKEN)
        .request(StandinRequest(api))
        .get_updates_request(StandinRequest(api))
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(pressed))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, text))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        try:
            api.user_message(USER, "/start")
            (prompt,) = await api.wait_for_calls("sendMessage", chat_id=USER)
            api.callback_query(USER, "log")
            await api.wait_for_calls("editMessageText", chat_id=USER)
            api.user_message(USER, "export please")
            (upload,) = await api.wait_for_calls("sendDocument", chat_id=USER)
        finally:
            await app.updater.stop()
            await app.stop()

    assert prompt.result["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "log"
    assert [c.ok for c in api.calls_named("answerCallbackQuery")] == [True]
    assert api.message(USER, prompt.result["message_id"])["text"] == "You chose log"  # type: ignore[index]
    assert upload.files["document"] == ("episodes.csv", b"date,intensity\n")
