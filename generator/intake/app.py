"""The intake service: an ASGI application (Starlette) served by uvicorn.

    POST /cau-hoi    a resident's question from a commune's hoi-dap page
    POST /danh-gia   a page rating (useful or not, and an optional comment)
    GET  /cam-on     the thank-you page forms are redirected to
    GET  /suc-khoe   health: the database answers
    GET  /metrics    counters in the Prometheus text format

A form sent without JavaScript gets a redirect to a thank-you page (303) or an HTML page saying
what is wrong; a request asking for JSON (the portal's script) gets JSON. Either way a bad request
is a 4xx with a message in Vietnamese, and a submission is acknowledged only once it is committed.
"""

from __future__ import annotations

import urllib.parse
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import (
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Route

from generator.intake import forms, pages
from generator.intake.forms import Rejected
from generator.intake.ratelimit import RateLimiter
from generator.intake.registry import RegisteredCommune, Registry, origin_of
from generator.intake.store import add_question, add_rating, totals

DEFAULT_MAX_BODY = 16 * 1024


@dataclass
class Settings:
    registry: Registry
    engine: Engine
    secret: bytes
    questions_per_hour: int = 5
    ratings_per_hour: int = 60
    max_body: int = DEFAULT_MAX_BODY


class Intake:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.registry = settings.registry
        self.engine = settings.engine
        self.limiter = RateLimiter(
            settings.secret,
            {"question": settings.questions_per_hour, "rating": settings.ratings_per_hour},
        )
        self.origins = set(self.registry.origins())
        self.counts: Counter[tuple[str, str]] = Counter()

    # -- receiving ---------------------------------------------------------------------------

    async def question(self, request: Request) -> Response:
        return await self._receive(request, "question")

    async def rating(self, request: Request) -> Response:
        return await self._receive(request, "rating")

    async def _receive(self, request: Request, kind: str) -> Response:
        commune: RegisteredCommune | None = None
        page = ""
        try:
            fields = forms.parse_body(
                await self._body(request), request.headers.get("content-type", "")
            )
            forms.check_honeypot(fields)
            commune = forms.commune_of(fields, self.registry)
            page = forms.page_of(fields, required=False) if kind == "question" else ""
            self._check_origin(request, commune)
            client = request.client.host if request.client else ""
            if not self.limiter.allow(kind, client):
                raise Rejected(
                    429,
                    "Bạn đã gửi nhiều lần trong một giờ; hãy thử lại sau ít phút. Cần gấp thì "
                    "gọi điện hoặc đến bộ phận một cửa của UBND xã.",
                    "rate-limit",
                )
            try:
                if kind == "question":
                    submission = forms.question_from(fields, commune)
                    number = await self._store(add_question, submission)
                    page = page or "hoi-dap/"
                else:
                    rating = forms.rating_from(fields, commune)
                    page = rating.page
                    number = await self._store(add_rating, rating)
            except Rejected:
                # Only what was stored counts against the resident's allowance.
                self.limiter.release(kind, client)
                raise
        except Rejected as rejected:
            self.counts[(kind, rejected.reason)] += 1
            return self._rejected(request, rejected, commune, page)
        self.counts[(kind, "stored")] += 1
        return self._accepted(request, kind, number, commune, page)

    async def _body(self, request: Request) -> bytes:
        limit = self.settings.max_body
        too_big = Rejected(
            413, f"Nội dung gửi lên quá lớn: tối đa {limit // 1024} kB.", "too-large"
        )
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            raise too_big
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                raise too_big
        return bytes(body)

    def _check_origin(self, request: Request, commune: RegisteredCommune) -> None:
        origin = _request_origin(request)
        if origin is None:
            raise Rejected(
                403,
                "Không rõ yêu cầu được gửi từ trang nào (thiếu Origin và Referer); hãy gửi từ "
                "biểu mẫu trên cổng thông tin của xã.",
                "no-origin",
            )
        if origin not in commune.allowed_origins():
            raise Rejected(
                403,
                f"Biểu mẫu của {commune.title} chỉ nhận câu hỏi và đánh giá gửi từ cổng thông "
                f"tin của xã ({commune.portal_base}), không nhận từ {origin}.",
                "origin",
            )

    async def _store(self, add, submission) -> int:  # type: ignore[no-untyped-def]
        try:
            return await run_in_threadpool(add, self.engine, submission)
        except SQLAlchemyError:
            raise Rejected(
                503,
                "Hệ thống tạm thời không lưu được, nội dung bạn gửi chưa được nhận; hãy thử lại "
                "sau ít phút.",
                "database",
            ) from None

    # -- answering ---------------------------------------------------------------------------

    def _accepted(
        self, request: Request, kind: str, number: int, commune: RegisteredCommune, page: str
    ) -> Response:
        if _wants_json(request):
            message = (
                f"Đã nhận câu hỏi, mã tiếp nhận số {number}."
                if kind == "question"
                else "Cảm ơn bạn đã đánh giá."
            )
            return self._cors(request, JSONResponse({"ok": True, "id": number, "message": message}))
        query = urllib.parse.urlencode(
            {"loai": "cau-hoi" if kind == "question" else "danh-gia", "ma": number,
             "xa": commune.code, "trang": page}
        )  # fmt: skip
        # Relative, so the service also works behind a proxy under a sub-path (/tiep-nhan/).
        return RedirectResponse(f"cam-on?{query}", status_code=303)

    def _rejected(
        self, request: Request, rejected: Rejected, commune: RegisteredCommune | None, page: str
    ) -> Response:
        if _wants_json(request):
            body = {"ok": False, "error": rejected.reason, "message": rejected.message}
            return self._cors(request, JSONResponse(body, status_code=rejected.status))
        back = commune.portal_base + page if commune else None
        return HTMLResponse(pages.error(rejected.message, back), status_code=rejected.status)

    def _cors(self, request: Request, response: Response) -> Response:
        origin = request.headers.get("origin")
        if origin and origin_of(origin) in self.origins:
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Vary"] = "Origin"
        return response

    async def preflight(self, request: Request) -> Response:
        """CORS preflight for the portal's script (JSON posts); only registry origins pass."""
        origin = request.headers.get("origin", "")
        method = request.headers.get("access-control-request-method", "")
        if not origin or origin_of(origin) not in self.origins or method != "POST":
            self.counts[("preflight", "origin")] += 1
            return PlainTextResponse(
                "Trang gửi yêu cầu không thuộc cổng thông tin của xã nào trong danh sách của tỉnh.",
                status_code=403,
            )
        response = Response(status_code=204)
        response.headers.update(
            {
                "Access-Control-Allow-Origin": origin,
                "Access-Control-Allow-Methods": "POST",
                "Access-Control-Allow-Headers": "Content-Type, Accept",
                "Access-Control-Max-Age": "600",
                "Vary": "Origin",
            }
        )
        return response

    async def thanks(self, request: Request) -> Response:
        params = request.query_params
        commune = self.registry.get(params.get("xa", ""))
        try:
            page = forms.page_of({"page": params.get("trang", "")}, required=False)
        except Rejected:
            page = ""
        back = commune.portal_base + page if commune else None
        if params.get("loai") == "cau-hoi":
            number = params.get("ma", "")
            name = commune.title if commune else "UBND xã"
            return HTMLResponse(
                pages.thanks_question(int(number) if number.isdigit() else 0, name, back)
            )
        return HTMLResponse(pages.thanks_rating(back))

    async def health(self, request: Request) -> Response:
        try:
            await run_in_threadpool(_ping, self.engine)
        except SQLAlchemyError:
            return JSONResponse({"status": "loi", "database": "không kết nối được"}, 503)
        return JSONResponse({"status": "ok", "communes": len(self.registry.communes)})

    async def metrics(self, request: Request) -> Response:
        lines = [
            "# HELP congkhai_intake_requests_total Submissions by kind and outcome.",
            "# TYPE congkhai_intake_requests_total counter",
        ]
        for (kind, outcome), count in sorted(self.counts.items()):
            lines.append(
                f'congkhai_intake_requests_total{{kind="{kind}",outcome="{outcome}"}} {count}'
            )
        try:
            stored = await run_in_threadpool(totals, self.engine)
        except SQLAlchemyError:
            stored = {}
        lines += [
            "# HELP congkhai_intake_stored_rows Rows held in the database.",
            "# TYPE congkhai_intake_stored_rows gauge",
        ]
        lines += [f'congkhai_intake_stored_rows{{table="{t}"}} {n}' for t, n in stored.items()]
        return PlainTextResponse("\n".join(lines) + "\n", media_type="text/plain; version=0.0.4")


def _ping(engine: Engine) -> None:
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))


def _request_origin(request: Request) -> str | None:
    origin = request.headers.get("origin")
    if origin and origin != "null":
        return origin_of(origin)
    # Some browsers send no Origin on a same-site form post; the Referer names the page then.
    referer = request.headers.get("referer")
    return origin_of(referer) if referer else None


def _wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return accept.startswith("application/json") or request.headers.get(
        "content-type", ""
    ).startswith("application/json")


async def _not_found(request: Request, exc: Exception) -> Response:
    return PlainTextResponse("Không có trang này trên dịch vụ tiếp nhận.", status_code=404)


async def _not_allowed(request: Request, exc: Exception) -> Response:
    return PlainTextResponse(
        "Phương thức không được hỗ trợ: biểu mẫu phải gửi bằng POST.", status_code=405
    )


def create_app(settings: Settings) -> Starlette:
    intake = Intake(settings)
    app = Starlette(
        routes=[
            Route("/cau-hoi", intake.question, methods=["POST"]),
            Route("/cau-hoi", intake.preflight, methods=["OPTIONS"]),
            Route("/danh-gia", intake.rating, methods=["POST"]),
            Route("/danh-gia", intake.preflight, methods=["OPTIONS"]),
            Route("/cam-on", intake.thanks, methods=["GET"]),
            Route("/suc-khoe", intake.health, methods=["GET"]),
            Route("/metrics", intake.metrics, methods=["GET"]),
        ],
        exception_handlers={404: _not_found, 405: _not_allowed},
    )
    app.state.intake = intake
    return app
