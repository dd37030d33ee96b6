"""Weekly check-ins, in four modules by job; callers import the module they need:

- `rows`: each member's next slot, this week's row and the move it proposes (`checkin_now`);
- `outbox`: the delivery queue: claim due rows, record sent/failed/undeliverable, reminders,
  retiring rows that will never go out;
- `answers`: the member's answers (Did it, Swap, Snooze, Skip, pulse, the pause question) and
  the pause/resume/schedule commands;
- `messages`: the use cases that talk to Slack through the Messenger port (send one now,
  re-render after an answer, post a reminder).
"""
