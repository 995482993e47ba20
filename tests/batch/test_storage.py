"""Inputs and outputs as URLs: an S3 round trip against a local S3-compatible server
(moto's server mode, on 127.0.0.1), file:// URLs, and the messages for what is missing."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from convert import batch
from convert.batch import storage
from convert.io import InputError
from tests.support.articles import make_articles
from tests.support.dask_worker import set_environment

BUCKET = "vnconv-test"


@pytest.fixture(scope="module")
def s3_env() -> Iterator[dict[str, str]]:
    """A moto S3 server on 127.0.0.1 and the environment that points boto at it."""
    pytest.importorskip("s3fs", reason="needs the s3 extra: pip install 'vnconv[s3]' (make test installs it)")
    server_module = pytest.importorskip("moto.server", reason="needs moto[server] (in the test extra)")
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    env = {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ENDPOINT_URL": f"http://{host}:{port}",
    }
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    import s3fs

    s3fs.S3FileSystem.clear_instance_cache()
    s3fs.S3FileSystem().mkdir(BUCKET)
    try:
        yield env
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        s3fs.S3FileSystem.clear_instance_cache()
        server.stop()


def upload_archive(local: Path, prefix: str) -> None:
    import s3fs

    fs = s3fs.S3FileSystem()
    for path in sorted(local.rglob("*.txt")):
        fs.pipe_file(f"{BUCKET}/{prefix}/{path.relative_to(local).as_posix()}", path.read_bytes())


def objects(prefix: str) -> dict[str, bytes]:
    import s3fs

    fs = s3fs.S3FileSystem()
    fs.invalidate_cache()
    return {key[len(f"{BUCKET}/{prefix}/") :]: fs.cat_file(key) for key in fs.find(f"{BUCKET}/{prefix}")}


def test_an_archive_in_s3_round_trips(tmp_path: Path, run, s3_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1566000000")
    make_articles(tmp_path / "arch" / "2019" / "08", 2)
    make_articles(tmp_path / "arch" / "2019" / "09", 1)
    upload_archive(tmp_path / "arch", "round/arch")
    report = tmp_path / "r.jsonl"
    command = ["convert", f"s3://{BUCKET}/round/arch/", "--to", "json,pdf", "-O", f"s3://{BUCKET}/round/out", "-j", "1"]
    result = run([*command, "--report", str(report)])
    assert result.exit_code == 0, result.stderr
    assert run(["convert", str(tmp_path / "arch"), "--to", "json,pdf", "-O", str(tmp_path / "local"), "-q"]).exit_code == 0
    stored = objects("round/out")
    local = {p.relative_to(tmp_path / "local").as_posix(): p.read_bytes() for p in (tmp_path / "local").rglob("*.*")}
    assert sorted(stored) == sorted(local) == [f"2019/0{m}/bai0{n}.{f}" for m, n in (("8", 0), ("8", 1), ("9", 0)) for f in ("json", "pdf")]
    assert stored == local
    again = run([*command, "--update", "--report", str(report)])
    assert again.exit_code == 0, again.stderr
    assert "converted 0 of 3 article(s) to 0 file(s), 3 skipped (up to date)" in again.stderr
    records = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    assert [r["status"] for r in records] == ["ok"] * 3 + ["skipped"] * 3
    assert records[0]["input"] == f"s3://{BUCKET}/round/arch/2019/08/bai00.txt"
    assert records[0]["outputs"] == [f"s3://{BUCKET}/round/out/2019/08/bai00.{f}" for f in ("json", "pdf")]


def test_a_folder_in_s3_leaves_out_its_own_text_outputs(tmp_path: Path, s3_env: dict[str, str]) -> None:
    (article,) = make_articles(tmp_path / "arch", 1)
    for name in ("bai00.utf8.txt", "cu.utf8.txt"):
        article.with_name(name).write_bytes(article.read_bytes())
    upload_archive(tmp_path / "arch", "own/arch")
    jobs = batch.plan([f"s3://{BUCKET}/own/arch/"], ["json"], f"s3://{BUCKET}/own/out")
    assert [job.input for job in jobs] == [f"s3://{BUCKET}/own/arch/{name}" for name in ("bai00.txt", "cu.utf8.txt")]


def test_an_s3_batch_on_the_cluster(tmp_path: Path, run, s3_env: dict[str, str], dask_scheduler: str, dask_client) -> None:
    make_articles(tmp_path / "arch" / "2019", 3)
    upload_archive(tmp_path / "arch", "cluster/arch")
    dask_client.run(set_environment, s3_env)  # the workers' credentials and endpoint
    result = run(["convert", f"s3://{BUCKET}/cluster/arch", "--to", "json", "-O", f"s3://{BUCKET}/cluster/out", "--scheduler", dask_scheduler])
    assert result.exit_code == 0, result.stderr
    stored = objects("cluster/out")
    assert sorted(stored) == [f"2019/bai0{n}.json" for n in range(3)]
    assert [json.loads(stored[k])["headline"] for k in sorted(stored)] == [f"Tiêu đề {n}" for n in range(3)]


def test_a_missing_object_is_one_line_about_it(run, s3_env: dict[str, str]) -> None:
    result = run(["convert", f"s3://{BUCKET}/nowhere/bai.txt", "--to", "json", "-O", f"s3://{BUCKET}/out", "-q"])
    assert result.exit_code == 1
    assert result.stderr == f"vnconv: error: s3://{BUCKET}/nowhere/bai.txt: no such file\n"


def test_file_urls_are_local_paths(tmp_path: Path) -> None:
    make_articles(tmp_path / "arch" / "2019", 1)
    (job,) = batch.plan([(tmp_path / "arch").as_uri()], ["json"], (tmp_path / "out").as_uri())
    assert job.input == str(tmp_path / "arch" / "2019" / "bai00.txt")
    assert job.outputs == (("json", str(tmp_path / "out" / "2019" / "bai00.json")),)


def test_a_url_without_its_backend_names_what_to_install() -> None:
    pytest.importorskip("fsspec")
    if _installed("gcsfs"):
        pytest.skip("gcsfs is installed here")
    with pytest.raises(InputError, match=r"^gs://bucket/arch: .*gcsfs"):
        storage.is_folder("gs://bucket/arch")


def _installed(module: str) -> bool:
    from importlib.util import find_spec

    return find_spec(module) is not None


def test_url_joining_keeps_the_scheme() -> None:
    assert storage.join("s3://b/out/", "2019/08", "bai.pdf") == "s3://b/out/2019/08/bai.pdf"
    assert storage.beside("s3://b/arch/bai.txt", "bai.pdf") == "s3://b/arch/bai.pdf"
    assert storage.is_url("gs://b/x") and not storage.is_url("C:\\arch") and not storage.is_url("arch/x.txt")


# --- symbolic links in a local folder ----------------------------------------------------


def test_symbolic_links_are_followed_or_left_out_with_one_line_each(tmp_path: Path, run) -> None:
    """A link to a folder is followed (mirrored below its name); a loop, a second way to a
    folder already in the batch, a broken link and a loop of links are named, one line each."""
    arch = tmp_path / "arch"
    make_articles(arch / "a", 1)
    make_articles(tmp_path / "elsewhere", 1)
    links = {
        "linked": "../elsewhere",  # followed
        "a/up": "..",  # back to arch: a loop
        "twice": "a",  # arch/a, walked already
        "dangling.txt": "nothere.txt",
        "self.txt": "self.txt",  # a loop of links
        "z.txt": "a/bai00.txt",  # a link to a file: its article, converted
    }
    for name, target in links.items():
        (arch / name).symlink_to(target)
    result = run(["convert", str(arch), "--to", "json", "-O", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0, result.stderr
    assert sorted(result.stderr.splitlines()) == [
        f"vnconv: warning: {arch / 'a' / 'up'}: symbolic link to '..' leads back to {arch}, a loop: not followed",
        f"vnconv: warning: {arch / 'dangling.txt'}: broken symbolic link (to 'nothere.txt', which does not exist): left out",
        f"vnconv: warning: {arch / 'self.txt'}: symbolic link that cannot be followed (Too many levels of symbolic links): left out",
        f"vnconv: warning: {arch / 'twice'}: symbolic link to 'a' leads to {arch / 'a'}, already in the batch: not followed",
    ]
    outputs = sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.json"))
    assert outputs == ["a/bai00.json", "linked/bai00.json", "z.json"]


def test_the_real_folder_is_taken_before_a_link_to_it(tmp_path: Path) -> None:
    """``arch/0`` links to ``arch/b``: ``b`` is walked (the real tree first), the link is named."""
    make_articles(tmp_path / "arch" / "b", 1)
    (tmp_path / "arch" / "0").symlink_to("b")
    said: list[str] = []
    assert storage.articles_in(str(tmp_path / "arch"), said.append) == [(str(tmp_path / "arch" / "b" / "bai00.txt"), "b")]
    assert said == [f"{tmp_path / 'arch' / '0'}: symbolic link to 'b' leads to {tmp_path / 'arch' / 'b'}, already in the batch: not followed"]
