"""The docker backend (PANDA_SANDBOX=docker): each box a warm container, each run a
job its runner starts. ``judge.sandbox.get_backend`` loads ``docker.backend`` on
demand (it needs the docker SDK); this package itself loads nothing."""
