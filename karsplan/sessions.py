"""Sessions read from the cache and written through to the database (`cached_db`), that never
fail a request when the cache does: with Redis down a session is read from and written to the
database alone (Django's own `cached_db` already tolerates a failed read or save, not a failed
refill, lookup or delete)."""

from __future__ import annotations

import logging

from django.contrib.sessions.backends import cached_db

log = logging.getLogger("django.contrib.sessions")


class SessionStore(cached_db.SessionStore):
    def load(self):
        try:
            data = self._cache.get(self.cache_key)
        except Exception:  # the cache is down, or the key is invalid: the database answers
            data = None
        if data is not None:
            return data
        s = self._get_session_from_db()
        if not s:
            return {}
        data = self.decode(s.session_data)
        try:
            self._cache.set(self.cache_key, data, self.get_expiry_age(expiry=s.expire_date))
        except Exception:
            log.warning("session cache unavailable (%s): read from the database", self._cache)
        return data

    def exists(self, session_key):
        try:
            if session_key and (self.cache_key_prefix + session_key) in self._cache:
                return True
        except Exception:
            log.warning("session cache unavailable (%s): looked up in the database", self._cache)
        return bool(session_key) and super(cached_db.SessionStore, self).exists(session_key)

    def delete(self, session_key=None):
        super(cached_db.SessionStore, self).delete(session_key)
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        try:
            self._cache.delete(self.cache_key_prefix + session_key)
        except Exception:
            log.warning("session cache unavailable (%s): %s not removed", self._cache, session_key)
