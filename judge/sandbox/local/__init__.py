"""The local backend (PANDA_SANDBOX=local): bubblewrap, our own cgroups, rlimits
and seccomp, each box its own uid. ``judge.sandbox.get_backend`` loads
``local.backend`` on demand; this package itself loads nothing."""
