"""The promotion packet: "Build my packet" (Home, the ready prompt), the options modal, and
"Send to my manager" with its modal. Every build happens after the ack."""

from __future__ import annotations

from contextlib import suppress

from slack_bolt import App

from bot.domain.packet import Options, Section
from bot.services import packet
from bot.services.messenger import MessengerError
from bot.slack import ids
from bot.slack.blocks import packet as packet_blocks
from bot.slack.presses import Press, on_press, refuse_beside, refuse_in_modal
from bot.slack.submissions import Modal, inline_errors, on_submit


def build_pressed(press: Press) -> None:
    """From the Home or a modal: the files go to the presser's DM; a modal stays as it is."""
    packet.deliver(db=press.deps.db, messenger=press.messenger, now=press.now, **press.scope)


def options_pressed(press: Press) -> None:
    press.open_modal(packet_blocks.options_modal())


def options_submitted(modal: Modal) -> None:
    """Claimed once (a double Build builds one packet), closed, then built."""
    form = modal.form
    kept = set(form.choices(ids.PACKET_SECTIONS_BLOCK))
    options = Options(
        since=form.date(ids.PACKET_SINCE_BLOCK),
        leave_out=frozenset(section for section in Section if section.value not in kept),
        private_wins=ids.PACKET_PRIVATE_OPTION in form.choices(ids.PACKET_PRIVATE_BLOCK),
        reflections=ids.PACKET_REFLECTIONS_OPTION in form.choices(ids.PACKET_PRIVATE_BLOCK),
    )
    modal.save(lambda session: None)
    packet.deliver(
        db=modal.deps.db, messenger=modal.messenger, now=modal.now, options=options, **modal.scope
    )


def share_pressed(press: Press) -> None:
    """Only for the presser's own active link, the one the button was made for."""
    with press.session() as session:
        target = packet.share_target(session, link_id=press.payload.target_id, **press.scope)
    press.open_modal(
        packet_blocks.share_modal(link_id=target.link_id, manager_user_id=target.manager_user_id)
    )


def share_submitted(modal: Modal) -> None:
    """The link is checked again and the share recorded once; then the upload, then the receipt."""
    link_id = modal.form.metadata_id("link")
    note = modal.form.optional(ids.PACKET_NOTE_BLOCK)
    shared = modal.save(
        lambda session: packet.record_share(
            session, link_id=link_id, note=note, now=modal.now, **modal.scope
        )
    )
    sent = packet.send_share(
        db=modal.deps.db,
        messenger=modal.messenger,
        shared=shared,
        now=modal.now,
        **modal.scope,
    )
    receipt = (
        packet_blocks.sent_to(shared.manager_user_id)
        if sent
        else packet_blocks.not_sent(shared.manager_user_id)
    )
    with suppress(MessengerError):  # the share is recorded; the receipt is a courtesy
        modal.messenger.post_dm(user_id=modal.actor.user_id, message=receipt)


def register(app: App) -> None:
    on_press(app, build_pressed, ids.PACKET_BUILD, refuse=refuse_in_modal)
    on_press(app, options_pressed, ids.PACKET_OPTIONS, refuse=refuse_beside)
    on_press(app, share_pressed, ids.PACKET_SHARE, refuse=refuse_beside)
    on_submit(
        app,
        options_submitted,
        ids.PACKET_OPTIONS_MODAL,
        refuse=inline_errors(ids.PACKET_FIELDS, fallback=ids.PACKET_SINCE_BLOCK),
    )
    on_submit(
        app,
        share_submitted,
        ids.PACKET_SHARE_MODAL,
        refuse=inline_errors(ids.PACKET_FIELDS, fallback=ids.PACKET_NOTE_BLOCK),
    )
