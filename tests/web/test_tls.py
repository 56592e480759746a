"""The local certificate authority and the server certificate it signs (web/tls.py), on real keys."""

from __future__ import annotations

import ipaddress
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID

from psoas.errors import InvalidInputError
from psoas.web.tls import (
    SERVER_DAYS,
    TlsFiles,
    create_ca,
    issue_server_cert,
    load_or_create,
    san_of,
    spki_sha256,
)

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
LAN = "192.168.1.23"


def _cert(path: Path) -> x509.Certificate:
    return x509.load_pem_x509_certificate(path.read_bytes())


def _signed_by(cert: x509.Certificate, ca: x509.Certificate) -> bool:
    """Check the signature with the CA's public key, by hand (not through psoas's own check)."""
    key = ca.public_key()
    assert isinstance(key, ec.EllipticCurvePublicKey)
    try:
        key.verify(cert.signature, cert.tbs_certificate_bytes, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return False
    return cert.issuer == ca.subject


def test_the_ca_signs_a_server_certificate_for_the_lan_address_and_loopback() -> None:
    ca = create_ca(now=NOW)
    key, cert = issue_server_cert(ca, LAN, now=NOW)
    assert _signed_by(cert, ca.cert)
    assert _signed_by(ca.cert, ca.cert)  # self-signed root
    assert not _signed_by(cert, create_ca(now=NOW).cert)  # another authority's key does not fit
    assert san_of(cert) == (frozenset({"localhost"}), frozenset({LAN, "127.0.0.1", "::1"}))
    assert cert.public_key() == key.public_key()
    basic = ca.cert.extensions.get_extension_for_class(x509.BasicConstraints).value
    assert (basic.ca, basic.path_length) == (True, 0)
    assert not cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(eku) == [ExtendedKeyUsageOID.SERVER_AUTH]
    assert cert.not_valid_after_utc - cert.not_valid_before_utc == timedelta(days=SERVER_DAYS, minutes=5)


def test_an_ipv6_address_and_loopback_itself_are_named_once() -> None:
    ca = create_ca(now=NOW)
    _, v6 = issue_server_cert(ca, "fd00::17", now=NOW)
    assert san_of(v6)[1] == frozenset({"fd00::17", "127.0.0.1", "::1"})
    _, loop = issue_server_cert(ca, "127.0.0.1", now=NOW)
    san = loop.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.IPAddress) == [
        ipaddress.ip_address("127.0.0.1"),
        ipaddress.ip_address("::1"),
    ]


def test_a_host_name_is_refused_in_one_sentence() -> None:
    with pytest.raises(InvalidInputError) as refused:
        issue_server_cert(create_ca(now=NOW), "phone.local", now=NOW)
    assert str(refused.value) == "A certificate needs an IP address, not 'phone.local'."


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_files_are_private_and_the_folder_is_the_users_alone(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "tls"
    files = load_or_create(folder, LAN, now=NOW)
    assert files == TlsFiles.inside(folder)
    assert _mode(folder) == 0o700
    for path in (files.ca_cert, files.ca_key, files.server_cert, files.server_key):
        assert _mode(path) == 0o600, path
    assert sorted(p.name for p in folder.iterdir()) == [
        "psoas-ca.crt",
        "psoas-ca.key",
        "server.crt",
        "server.key",
    ]
    assert _signed_by(_cert(files.server_cert), _cert(files.ca_cert))
    assert b"PRIVATE KEY" not in files.ca_cert.read_bytes()


def test_a_second_call_reuses_everything(tmp_path: Path) -> None:
    first = load_or_create(tmp_path, LAN, now=NOW)
    before = {p: p.read_bytes() for p in tmp_path.iterdir()}
    again = load_or_create(tmp_path, LAN, now=NOW + timedelta(days=100))
    assert again == first
    assert {p: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_a_new_address_gets_a_new_server_certificate_from_the_same_authority(tmp_path: Path) -> None:
    files = load_or_create(tmp_path, LAN, now=NOW)
    ca_before, ca_key_before = files.ca_cert.read_bytes(), files.ca_key.read_bytes()
    old = _cert(files.server_cert)
    load_or_create(tmp_path, "10.0.0.7", now=NOW)
    new = _cert(files.server_cert)
    assert (files.ca_cert.read_bytes(), files.ca_key.read_bytes()) == (ca_before, ca_key_before)
    assert san_of(new)[1] == frozenset({"10.0.0.7", "127.0.0.1", "::1"})
    assert new.serial_number != old.serial_number and spki_sha256(new) != spki_sha256(old)
    assert _signed_by(new, _cert(files.ca_cert))
    assert _mode(files.server_key) == 0o600


def test_a_certificate_near_its_end_is_reissued(tmp_path: Path) -> None:
    files = load_or_create(tmp_path, LAN, now=NOW)
    old = _cert(files.server_cert)
    load_or_create(tmp_path, LAN, now=NOW + timedelta(days=SERVER_DAYS - 29))
    assert _cert(files.server_cert).serial_number != old.serial_number


def test_an_unreadable_authority_is_one_sentence_and_left_alone(tmp_path: Path) -> None:
    files = load_or_create(tmp_path, LAN, now=NOW)
    files.ca_key.write_bytes(b"not a key")
    with pytest.raises(InvalidInputError, match="cannot be read; move that folder away"):
        load_or_create(tmp_path, LAN, now=NOW)
    assert files.ca_key.read_bytes() == b"not a key"


def test_a_damaged_server_key_gets_a_new_pair_from_the_same_authority(tmp_path: Path) -> None:
    files = load_or_create(tmp_path, LAN, now=NOW)
    ca = files.ca_cert.read_bytes()
    files.server_key.write_bytes(b"")
    load_or_create(tmp_path, LAN, now=NOW)
    key = serialization.load_pem_private_key(files.server_key.read_bytes(), password=None)
    assert key.public_key() == _cert(files.server_cert).public_key()
    assert files.ca_cert.read_bytes() == ca
