"""What every style's learner does the same way with a doctor's action."""


def translate(settings, action, own):
    """The settings with a doctor's action applied as that style's learner would: lr,
    lr_scale, standardize and next_seed (nnlib.runspec.CHANGES) alike in every style; own: {doctor key: fn(settings,
    value)} for what the style names its own way. A key in neither is one that learner's
    code has no setting for: it is left out, as the learner would have to."""
    s = dict(settings)
    for key, value in action.items():
        if key == "lr":
            s["lr"] = value
        elif key == "lr_scale":
            s["lr"] *= value
        elif key == "standardize":
            s["standardize"] = bool(value)
        elif key == "next_seed":
            s["seed"] += 100
        elif key in own:
            own[key](s, value)
    return s


def setter(key, cast=lambda v: v):
    """An OWN entry for an action key the style's settings hold under `key`, as `cast(value)`."""
    def put(settings, value):
        settings[key] = cast(value)
    return put


def one_blas_thread():
    """A context in which BLAS uses one thread: the styles' matrices are small, and on a shared
    machine BLAS threads spend longer waiting for each other than computing."""
    from threadpoolctl import threadpool_limits
    return threadpool_limits(1)
