from cms.publication import content_changed


def cold(get_response):
    def middleware(request):
        if "HTTP_X_BENCH_COLD" in request.META:
            content_changed()
        return get_response(request)

    return middleware
