"""Domain errors whose messages are safe to show the person who caused them."""


class UserError(Exception):
    """Expected, explainable failure: bad input, missing item, nothing to do."""


class NotFound(UserError):
    pass


class FieldErrors(UserError):
    """Problems with a form's fields, keyed by the service's field name ("text", "due"…).

    The Slack layer shows each one inline on the modal's block for that field
    (`bot.slack.submissions.inline`, with the field-to-block maps in `bot.slack.ids`).
    """

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(" ".join(problems.values()))
        self.problems = problems
