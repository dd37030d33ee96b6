"""Domain errors whose messages are safe to show the person who caused them."""


class UserError(Exception):
    """Expected, explainable failure: bad input, missing item, nothing to do."""


class NotFound(UserError):
    pass
