"""Load on the intake service: many residents at once, and the server killed in the middle.

    uv run python bench/intake.py [--clients 50] [--requests 20000] [--database URL]

Runs `congkhai intake serve` on 127.0.0.1 (SQLite in a temporary directory unless --database
names a PostgreSQL URL), sends questions and ratings from concurrent clients (one in four a
question), and reports throughput and latency. Then it does it again and SIGKILLs the server
once a quarter of the requests are acknowledged, restarts it, and checks that every acknowledged
submission is in the database with what was sent. Rate limits are off: all clients share one
address here.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from fixtures import CODE, ORIGIN, IntakeServer, registry_yaml

from generator.intake.store import open_store, questions, ratings


@dataclass
class Load:
    acknowledged: list[tuple[str, int, int]] = field(default_factory=list)
    """(kind, id the service gave, request number) of every 200 answer."""
    latencies: list[float] = field(default_factory=list)
    failures: int = 0
    seconds: float = 0.0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * share))] * 1000


def run_load(url: str, clients: int, total: int, on_ack=None) -> Load:  # type: ignore[no-untyped-def]
    """`total` submissions from `clients` threads; a refused or cut request is not acknowledged."""
    result = Load()
    numbers = itertools.count()
    lock = threading.Lock()

    def client() -> None:
        with httpx.Client(
            base_url=url, headers={"Origin": ORIGIN, "Accept": "application/json"}, timeout=30
        ) as http:
            while (n := next(numbers)) < total:
                kind = "question" if n % 4 == 0 else "rating"
                if kind == "question":
                    data = {"commune": CODE, "topic": "Tải", "question": f"Câu hỏi tải số {n}"}
                    path = "/cau-hoi"
                else:
                    data = {"commune": CODE, "page": f"tai/{n}/", "useful": "co"}
                    path = "/danh-gia"
                start = time.perf_counter()
                try:
                    response = http.post(path, data=data)
                    ok = response.status_code == 200 and response.json()["ok"]
                except (httpx.TransportError, ValueError):
                    ok = False
                elapsed = time.perf_counter() - start
                with lock:
                    if ok:
                        result.acknowledged.append((kind, response.json()["id"], n))
                        result.latencies.append(elapsed)
                        if on_ack:
                            on_ack(len(result.acknowledged))
                    else:
                        result.failures += 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - start
    return result


def lost(database: str, load: Load) -> list[tuple[str, int, int]]:
    """Acknowledged submissions missing from the database, or stored with other content."""
    engine = open_store(database)
    with engine.connect() as connection:
        asked = dict(connection.execute(sa.select(questions.c.id, questions.c.text)).all())
        rated = dict(connection.execute(sa.select(ratings.c.id, ratings.c.page)).all())
    engine.dispose()
    missing = []
    for kind, number, n in load.acknowledged:
        if kind == "question" and asked.get(number) != f"Câu hỏi tải số {n}":
            missing.append((kind, number, n))
        if kind == "rating" and rated.get(number) != f"tai/{n}/":
            missing.append((kind, number, n))
    return missing


def serve(work: Path, database: str, port: int | None = None) -> IntakeServer:
    registry = work / "cac-xa.yaml"
    registry.write_text(registry_yaml(), encoding="utf-8")
    options = ("--questions-per-hour", "0", "--ratings-per-hour", "0")
    return IntakeServer(registry, database, *options, port=port).start()


def killed_midway(work: Path, database: str, clients: int, total: int) -> tuple[Load, list]:  # type: ignore[type-arg]
    """Load, SIGKILL once a quarter is acknowledged, restart: what was acknowledged and lost."""
    server = serve(work, database)
    killed = threading.Event()

    def kill_at_quarter(count: int) -> None:
        if count >= total // 4 and not killed.is_set():
            killed.set()
            server.kill()

    load = run_load(server.url, clients, total, on_ack=kill_at_quarter)
    server.kill()
    restarted = serve(work, database, port=server.port)
    restarted.stop()
    return load, lost(database, load)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--database", default=None, help="PostgreSQL URL; default SQLite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        work = Path(directory)
        database = args.database or str(work / "tai.sqlite3")
        server = serve(work, database)
        try:
            load = run_load(server.url, args.clients, args.requests)
        finally:
            server.stop()
        missing = lost(database, load)
        print(
            f"{args.clients} clients, {args.requests} requests: {len(load.acknowledged)} "
            f"acknowledged, {load.failures} failed, {len(missing)} acknowledged but lost"
        )
        print(
            f"throughput {len(load.acknowledged) / load.seconds:.0f} submissions/s; latency "
            f"p50 {load.percentile(0.5):.1f} ms, p99 {load.percentile(0.99):.1f} ms, "
            f"mean {statistics.mean(load.latencies) * 1000:.1f} ms"
        )
        kill_database = args.database or str(work / "kill.sqlite3")
        load, missing = killed_midway(work, kill_database, args.clients, args.requests)
        print(
            f"SIGKILL after {args.requests // 4} acknowledgements: {len(load.acknowledged)} "
            f"acknowledged, {load.failures} refused or cut, {len(missing)} acknowledged but lost"
        )


if __name__ == "__main__":
    main()
