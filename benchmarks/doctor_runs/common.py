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


def bias_setter(key):
    """An OWN entry for bias_init in a style whose learner sets one starting number for its biases
    under `key`: the doctor's names for zero become 0.0, a number stays that number."""
    def put(settings, value):
        settings[key] = float({"zero": 0.0, "zeros": 0.0, "none": 0.0}.get(value, value))
    return put


def init_setter(key, names):
    """An OWN entry for weight_init in a style whose learner has the named schemes `names` and
    otherwise draws N(0, std) with the std the doctor gives; a scheme's name outside `names` is one
    that code does not have, so it is left out (as activation_setter leaves out an activation)."""
    def put(settings, value):
        if value in names or not isinstance(value, str):
            settings[key] = value if value in names else float(value)
    return put


def activation_setter(key, names):
    """An OWN entry for activation in a style whose learner can switch its hidden layers to any of
    `names` under `key`; a name outside them is one that code does not have, so it is left out."""
    def put(settings, value):
        if value in names:
            settings[key] = value
    return put


def usual_own(activations=(), init_names=("he", "xavier"), epochs="epochs"):
    """The OWN dict of a style whose settings say `reduction`, `init`, `bias`, `activation` (one of
    `activations`; none: no such knob) and the number of epochs under `epochs`."""
    own = {"reduction": setter("reduction"), "weight_init": init_setter("init", init_names),
           "bias_init": bias_setter("bias"), "epochs": setter(epochs, int)}
    if activations:
        own["activation"] = activation_setter("activation", activations)
    return own
