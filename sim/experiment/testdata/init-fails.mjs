// A handler whose module fails to load: every cold start fails.
throw new Error('cannot load: missing configuration');
