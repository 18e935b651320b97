# Varnish in front of the app servers: keeps what the app marks public, for as
# long as it says, and drops it when a publication purges it.
#
#   varnishd -a :80 -f /path/to/deploy/varnish.vcl -s malloc,256m
#
# The app marks every public output with Surrogate-Control (how long Varnish
# may keep it: until a purge, and never past the next expiry of a page) and
# Surrogate-Key (what it shows: "all", "page-42", "news", ...). On every
# publication event the app sends "BAN /" with X-Purge-Tags (FRONTEND_CACHE_URL
# names this Varnish), which drops every stored object carrying any of those
# keys. Anything else (the admin, previews, a logged-in editor, a response
# without Surrogate-Control) passes straight to the app.
vcl 4.1;

import std;

# One app server, gunicorn on 127.0.0.1:8000. For another address change
# .host and .port; for several app servers declare one backend each and
# spread requests with a directors.round_robin() (see the README).
backend app {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 60s;
    .between_bytes_timeout = 10s;
}

# Who may purge: the app servers.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (req.http.X-Purge-Tags !~ "^[a-z0-9 -]+$") {
            return (synth(400, "X-Purge-Tags: surrogate keys separated by spaces"));
        }
        if (std.ban("obj.http.Surrogate-Key ~ (^|\s)(" +
                regsuball(req.http.X-Purge-Tags, " +", "|") + ")(\s|$)")) {
            return (synth(200, "Banned"));
        }
        return (synth(400, std.ban_error()));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The admin and its previews, API previews, documents (which may be in a
    # restricted collection), partners' authenticated API calls and logged-in
    # editors always reach the app.
    if (req.url ~ "^/(admin|documents)/" || req.url ~ "^/api/v1/preview/"
            || req.http.Authorization || req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # No public output depends on cookies or on the browser's language (the
    # language is in the path or the query).
    unset req.http.Cookie;
    unset req.http.Accept-Language;
    return (hash);
}

sub vcl_backend_response {
    if (beresp.http.Surrogate-Control ~ "max-age=[0-9]+" && !beresp.http.Set-Cookie) {
        set beresp.ttl = std.duration(
            regsub(beresp.http.Surrogate-Control, "^.*max-age=([0-9]+).*$", "\1") + "s", 0s);
        # No grace: an object is never served past its time (an expiry); it is
        # kept a while longer so that Varnish can revalidate it with the app,
        # which answers 304 from its own cache.
        set beresp.grace = 0s;
        set beresp.keep = 1h;
    } else {
        # Private, a preview, an error: never stored, and not queued behind.
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
    }
    return (deliver);
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Varnish-Cache = "HIT";
    } else {
        set resp.http.X-Varnish-Cache = "MISS";
    }
    # For Varnish only.
    unset resp.http.Surrogate-Control;
    unset resp.http.Surrogate-Key;
}
