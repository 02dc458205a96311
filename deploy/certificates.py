"""TLS certificates of one installation's Kafka brokers, made by the project's own set-up step with
the openssl command line (Debian's `openssl`): a certificate authority of its own and one broker
certificate it signs, valid for the names clients reach the brokers by.

    paths = ensure_certificates(directory, ["kafka", "localhost", "127.0.0.1"])
    paths.ca        # the CA certificate clients trust (KAFKA_SSL_CAFILE)
    paths.keystore  # the broker's PKCS#8 key and certificate chain in one PEM file (ssl.keystore.type=PEM)

Keys are 0600 and made once; a later call reuses them. Nothing here is a secret a client needs.
"""
from __future__ import annotations

import ipaddress
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

DAYS = 3650  # a local installation's CA; a prefecture's production brokers get certificates from its own PKI


@dataclass(frozen=True)
class TlsFiles:
    ca: Path
    keystore: Path


class CertificateError(RuntimeError):
    """openssl failed; the message has its output."""


def _openssl(*args: str, cwd: Path) -> None:
    done = subprocess.run(["openssl", *args], cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise CertificateError(f"openssl {args[0]} failed: {done.stderr.strip()}")


def _san(hosts: list[str]) -> str:
    def entry(host: str) -> str:
        try:
            ipaddress.ip_address(host)
            return f"IP:{host}"
        except ValueError:
            return f"DNS:{host}"
    return ",".join(entry(h) for h in hosts)


def ensure_certificates(directory: Path, hosts: list[str]) -> TlsFiles:
    """The CA and the broker certificate for `hosts` under `directory` (made when missing).
    Raises CertificateError when openssl fails, FileNotFoundError when it is not installed."""
    directory.mkdir(parents=True, exist_ok=True)
    files = TlsFiles(directory / "ca.crt", directory / "broker.pem")
    if files.ca.exists() and files.keystore.exists():
        return files
    old = os.umask(0o077)  # keys readable by their owner only
    try:
        _openssl("req", "-x509", "-newkey", "rsa:3072", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
                 "-days", str(DAYS), "-subj", "/CN=relapse-monitor local Kafka CA", cwd=directory)
        _openssl("req", "-newkey", "rsa:3072", "-nodes", "-keyout", "broker.key", "-out", "broker.csr",
                 "-subj", f"/CN={hosts[0]}", cwd=directory)
        (directory / "broker.ext").write_text(f"subjectAltName={_san(hosts)}\nextendedKeyUsage=serverAuth,clientAuth\n")
        _openssl("x509", "-req", "-in", "broker.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                 "-out", "broker.crt", "-days", str(DAYS), "-extfile", "broker.ext", cwd=directory)
        _openssl("pkcs8", "-topk8", "-nocrypt", "-in", "broker.key", "-out", "broker.pk8", cwd=directory)
        files.keystore.write_text((directory / "broker.pk8").read_text() + (directory / "broker.crt").read_text()
                                  + files.ca.read_text())
    finally:
        os.umask(old)
    for leftover in ("broker.csr", "broker.ext", "broker.pk8", "ca.srl"):
        (directory / leftover).unlink(missing_ok=True)
    os.chmod(files.ca, 0o644)
    return files
