// Intentionally empty: the floor a webRequest design pays before any listener of its own.
