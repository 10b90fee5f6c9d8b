# ruff: noqa: E501  (names are copied verbatim from the seed document, one per line)
"""Matching TC.27 rows to the nomenclature, on the seed document's rows (codes and names copied by hand).

Expected codes were checked by hand against ../shared/nomenclature/nomenklatur-2023.csv (grep), e.g.
2.17.03.2.01 has only sub kegiatan 0003 and 0004; 2.17.04.2.01 has 0001 and 0003; 2.17.07.2.01 has 0002-0005,
0007-0015; the supporting block is X.XX.01...
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from extractor.match import apply_matches, best_version, load_legacy_crosswalk, match_rows, retired_codes
from extractor.model import Row
from extractor.nomenclature import Nomenclature, load_nomenclature, load_replacements
from extractor.settings import MatchSettings

NOM_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "nomenclature"
needs_lists = pytest.mark.skipif(
    not (NOM_DIR / "nomenklatur-2023.csv").exists(), reason=f"shared nomenclature lists not found at {NOM_DIR}"
)
pytestmark = needs_lists

# (level, canonical code, name as printed in the seed's TC.27; typos and glued words kept)
SEED_ROWS: list[tuple[str, str, str]] = [
    ("urusan", "2", "URUSAN PEMERINTAH WAJIB YANG TIDAK BERKAITAN DENGAN PELAYANAN DASAR"),
    ("bidang_urusan", "2.17", "URUSAN PEMERINTAH BIDANG KOPERASI, USAHA KECIL DAN MENENGAH"),
    ("program", "2.17.01", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA"),
    ("kegiatan", "2.17.01.2.01", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah"),
    ("sub_kegiatan", "2.17.01.2.01.0001", "Penyusunan Dokumen Perencanaan Perangkat Daerah Dokumen"),
    ("sub_kegiatan", "2.17.01.2.01.0007", "Evaluasi Kinerja Perangkat Daerah"),
    ("kegiatan", "2.17.01.2.02", "Administrasi Keuangan Perangkat Daerah"),
    ("sub_kegiatan", "2.17.01.2.02.0001", "Penyediaan Gaji dan Tunjangan ASN"),
    (
        "sub_kegiatan",
        "2.17.01.2.02.0007",
        "Koordinasi dan Penyusunan Laporan Keuangan Bulanan/Triwulanan/Semesteran SKPD",
    ),
    ("kegiatan", "2.17.01.2.05", "Administrasi Kepegawaian Perangkat Daerah"),
    ("sub_kegiatan", "2.17.01.2.05.0011", "Bimbingan Teknis Implementasi Peraturan Perundang-Undangan"),
    ("kegiatan", "2.17.01.2.06", "Administrasi Umum Perangkat Daerah"),
    ("sub_kegiatan", "2.17.01.2.06.0001", "Penyediaan Komponen Instalasi Listrik/Penerangan Bangunan Kantor"),
    ("sub_kegiatan", "2.17.01.2.06.0002", "Penyediaan Peralatan dan Perlengkapan Kantor"),
    ("sub_kegiatan", "2.17.01.2.06.0003", "Penyediaan Peralatan Rumah Tangga"),
    ("sub_kegiatan", "2.17.01.2.06.0004", "Penyediaan Bahan Logistik Kantor"),
    ("sub_kegiatan", "2.17.01.2.06.0005", "Penyediaan Barang Cetak dan Penggandaan"),
    ("sub_kegiatan", "2.17.01.2.06.0006", "Penyediaan Bahan Bacaan dan Peraturan Perundang-undangan"),
    ("sub_kegiatan", "2.17.01.2.06.0009", "Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD"),
    ("kegiatan", "2.17.01.2.08", "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah"),
    ("sub_kegiatan", "2.17.01.2.08.0002", "Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik"),
    ("sub_kegiatan", "2.17.01.2.08.0003", "Penyediaan Jasa Peralatan dan Perlengkapan Kantor"),
    ("sub_kegiatan", "2.17.01.2.08.0004", "Penyediaan Jasa Pelayanan Umum Kantor"),
    ("kegiatan", "2.17.01.2.09", "Pemeliharaan Barang Milik Daerah Penunjang Urusan Pemerintahan Daerah"),
    (
        "sub_kegiatan",
        "2.17.01.2.09.0001",
        "Penyediaan Jasa Pemeliharaan, Biaya Pemeliharaan, dan Pajak Kendaraan Perorangan Dinas atau Kendaraan Dinas Jabatan",
    ),
    ("sub_kegiatan", "2.17.01.2.09.0009", "Pemeliharaan/Rehabilitasi Gedung Kantor dan Bangunan Lainnya"),
    ("program", "2.17.02", "PROGRAM PELAYANAN IZIN USAHA SIMPAN PINJAM"),
    (
        "kegiatan",
        "2.17.02.2.01",
        "Penerbitan Izin Usaha Simpan Pinjam untuk Koperasi Dengan Wilayah Keanggotaan Dalam Daerah Kabupaten/Kota",
    ),
    (
        "sub_kegiatan",
        "2.17.02.2.01.0001",
        "Fasilitasi Pemenuhan Izin Usaha Simpan Pinjam dan Pembukaan Kantor Cabang, Cabang Pembantu dan Kantor Kas Koperasi Simpan Pinjam untuk Koperasi dengan Wilayah Keanggotaan dalam Daerah Kabupaten/Kota",
    ),
    (
        "kegiatan",
        "2.17.02.2.02",
        "Penerbitan Izin Pembukaan Kantor Cabang, Cabang Pembantu dan Kantor Kas Koperasi Simpan Pinjam untuk Koperasi dengan Wilayah Keanggotaan dalam Daerah Kabupaten/Kota",
    ),
    (
        "sub_kegiatan",
        "2.17.02.2.02.0001",
        "Fasilitasi Pemenuhan Izin Usaha Pembukaan Kantor Cabang, Cabang Pembantu dan Kantor Kas Koperasi Simpan Pinjam untuk Koperasi dengan Wilayah Keanggotaan dalam Daerah Kabupaten/Kota",
    ),
    ("program", "2.17.03", "PROGRAM PENGAWASAN DAN PEMERIKSAAN KOPERASI"),
    (
        "kegiatan",
        "2.17.03.2.01",
        "Pemeriksaan dan Pengawasan Koperasi, Koperasi Simpan Pinjam/Unit Simpan Pinjam Koperasi yang wilayah keanggotaannya dalam Daerah Kabupaten/Kota",
    ),
    (
        "sub_kegiatan",
        "2.17.03.2.01.0001",
        "Pengawasan Kekuatan, Kesehatan, Kemandirian, Ketangguhan, serta Akuntabilitas Koperasi Kewenangan Kabupaten/Kota",
    ),
    (
        "sub_kegiatan",
        "2.17.03.2.01.0002",
        "Pemeriksaan Kepatuhan Koperasi terhadap Peraturan Perundang-Undangan Kewenangan Kabupaten/Kota",
    ),
    ("sub_kegiatan", "2.17.03.2.01.0003", "Pengutan Tata Kelola Kelembagaan Koperasi"),
    (
        "sub_kegiatan",
        "2.17.03.2.01.0004",
        "Pelaksanaan Proses Pemeriksaan dan Pengawasan Koperasi yang wilayah keanggotaannya Daerah Kabupaten/Kota",
    ),
    ("program", "2.17.04", "PROGRAM PENILAIAN KESEHATAN KSP/USP KOPERASI"),
    (
        "kegiatan",
        "2.17.04.2.01",
        "Penilaian Kesehatan Koperasi Simpan Pinjam/Unit Simpan Pinjam Koperasi yang Wilayah Keanggotaannya dalam 1 (Satu) Daerah Kabupaten/Kota",
    ),
    ("sub_kegiatan", "2.17.04.2.01.0001", "Pelaksanaan Penilaian Kesehatan KSP/USP Koperasi Kewenangan Kabupaten/Kota"),
    ("sub_kegiatan", "2.17.04.2.01.0002", "Penghargaan Kesehatan KSP/USP Koperasi Kewenangan Kabupaten/Kota"),
    (
        "sub_kegiatan",
        "2.17.04.2.01.0003",
        "Penilaian Kesehatan Koperasi Meliputi Tata Kelola, Profil Risiko, Kinerja Keuangan, dan Permodalan",
    ),
    ("program", "2.17.05", "PROGRAM PENDIDIKAN DAN LATIHAN PERKOPERASIAN"),
    (
        "kegiatan",
        "2.17.05.2.01",
        "Pendidikan dan Latihan Perkoperasian Bagi Koperasi yang Wilayah Keanggotaan dalam Daerah Kabupaten/Kota",
    ),
    (
        "sub_kegiatan",
        "2.17.05.2.01.0001",
        "Peningkatan Pemahaman dan Pengetahuan Perkoperasian serta Kapasitas dan KompetensiSDM Koperasi",
    ),
    ("kegiatan", "2.17.05.2.03", "Pendidikan dan Pelatihan SDM Usaha Mikro dalam 1 (satu) Daerah Kabupaten/Kota"),
    (
        "sub_kegiatan",
        "2.17.05.2.03.0001",
        "Peningkatan Pemahaman dan Pengetahuan Usaha Mikro serta Kapasitas dan Kompetensi SDM Usaha Mikro",
    ),
    ("program", "2.17.06", "PROGRAM PEMBERDAYAAN DAN PERLINDUNGAN KOPERASI"),
    (
        "kegiatan",
        "2.17.06.2.01",
        "Pemberdayaan dan Perlindungan Koperasi yang Keanggotaannya dalam Daerah Kabupaten/Kota",
    ),
    (
        "sub_kegiatan",
        "2.17.06.2.01.0001",
        "Pemberdayaan Peningkatan Produktivitas, Nilai Tambah, Akses Pasar, Akses Pembiayaan, Penguatan Kelembagaan, Penataan Manajemen, Standarisasi, dan Restrukturisasi Usaha koperasiKewenangan Kabupaten/Kota",
    ),
    (
        "sub_kegiatan",
        "2.17.06.2.01.0002",
        "Penumbuhan Kesadaran Keluarga dalam Peningkatan Taraf Hidup Keluarga Melalui Kehidupan Berkoperasi dan Pengembangan Ekonomi Lainnya",
    ),
    (
        "sub_kegiatan",
        "2.17.06.2.01.0003",
        "Pembinaan dan Pendampingan bagi Keluarga dan Kelompok Masyarakat yang akan Membentuk Koperasi dalam Pengembangan Ekonomi",
    ),
    ("sub_kegiatan", "2.17.06.2.01.0004", "Fasilitasi Kemitraan Koperasi yang Keanggotaannya Daerah Kabupaten/Kota"),
    (
        "sub_kegiatan",
        "2.17.06.2.01.0005",
        "Peningkatan Produktivitas, Nilai Tambah, Akses Pasar, Akses Pembiayaan, Penguatan Kelembagaan, Penataan Manajemen, Standarisasi, dan Restrukturisasi Usaha",
    ),
    ("sub_kegiatan", "2.17.06.2.01.0006", "Pemulihan Usaha Koperasi yang Keanggotaannya Daerah Kabupaten/Kota"),
    (
        "sub_kegiatan",
        "2.17.06.2.01.0007",
        "Fasilitasi Akses Permodalan Koperasi yang Keanggotaannya Daerah Kabupaten/Kota // Unit Usaha",
    ),
    ("sub_kegiatan", "2.17.06.2.01.0008", "Fasilitasi Pelaporan Koperasi yang Keanggotaannya Daerah Kabupaten/Kota"),
    ("program", "2.17.07", "PROGRAM PEMBERDAYAAN USAHA MENENGAH, USAHA KECIL, DAN USAHA MIKRO (UMKM)"),
    (
        "kegiatan",
        "2.17.07.2.01",
        "Pemberdayaan Usaha Mikro yang dilakukan melalui Pendataan, Kemitraan, Kemudahan Perizinan, Penguatan Kelembagaan dan Koordinasi dengan para pemangku kepentingan",
    ),
    ("sub_kegiatan", "2.17.07.2.01.0001", "Pendataan Potensi dan Pengembangan Usaha Mikro"),
    ("sub_kegiatan", "2.17.07.2.01.0002", "Pemberdayaan Melalui Kemitraan Usaha Mikro"),
    ("sub_kegiatan", "2.17.07.2.01.0003", "Fasilitasi Kemudahan Perijinan Usaha Mikro"),
    ("sub_kegiatan", "2.17.07.2.01.0004", "Pemberdayaan Kelembagaan Potensi dan Pengembangan Usaha Mikro"),
    (
        "sub_kegiatan",
        "2.17.07.2.01.0006",
        "Peningkatan Pemahaman dan pengetahuan Usaha Mikro serta Kapasitas dan Kompetensi SDM Usaha Mikro dan Kewirausahaan",
    ),
    ("sub_kegiatan", "2.17.07.2.01.0008", "Pemulihan Usaha Mikro"),
    ("sub_kegiatan", "2.17.07.2.01.0009", "Fasilitasi Hak Kekayaan Intelektual Usaha Kecil"),
    ("sub_kegiatan", "2.17.07.2.01.0013", "Penyediaan Tempat Promosi dan Pengembangan Usaha Kecil"),
    (
        "sub_kegiatan",
        "2.17.07.2.01.0015",
        "Peningkatan Pemahaman dan Pengetahuan UMKM serta Kapasitas dan Kompetensi SDM UMKM dan Kewirausahaan melalui Pendidikan dan Pelatihan",
    ),
    ("program", "2.17.08", "PROGRAM PENGEMBANGAN USAHA MENENGAH, USAHA KECIL, DAN USAHA MIKRO (UMKM)"),
    (
        "kegiatan",
        "2.17.08.2.01",
        "Pengembangan Usaha Mikro dengan Orientasi Peningkatan Skala Usaha menjadi Usaha Kecil",
    ),
    (
        "sub_kegiatan",
        "2.17.08.2.01.0001",
        "Fasilitasi Usaha Mikro Menjadi Usaha Kecil dalam Pengembangan Produksi dan Pengolahan, Pemasaran, SDM,serta Desain dan Teknologi",
    ),
    ("sub_kegiatan", "2.17.08.2.01.0002", "Pengembangan Usaha Mikro"),
    ("sub_kegiatan", "2.17.08.2.01.0003", "Penumbuhan dan Pengembangan Kewirausahaan"),
    ("sub_kegiatan", "2.17.08.2.01.0006", "Produksi dan Pengolahan, Sumber Daya Manusia, serta Desain dan Teknologi"),
]


def _rows(items: list[tuple[str, str | None, str]]) -> list[Row]:
    return [Row(data={"level": lv, "code": c, "code_raw": c, "name": n}) for lv, c, n in items]


@pytest.fixture(scope="module")
def nom2023() -> Nomenclature:
    return load_nomenclature(NOM_DIR / "nomenklatur-2023.csv")


@pytest.fixture(scope="module")
def nom2027() -> Nomenclature:
    nom = load_nomenclature(NOM_DIR / "nomenklatur-2027-kabkota.csv")
    nom.set_replacements(load_replacements(NOM_DIR / "mapping-2027-subkegiatan-sebelumnya.csv"))
    return nom


@pytest.fixture(scope="module")
def seed_results(nom2023: Nomenclature) -> dict[str, object]:
    rows = _rows(SEED_ROWS)  # type: ignore[arg-type]
    results = match_rows(rows, nom2023)
    return {code: res for (_lv, code, _n), res in zip(SEED_ROWS, results)}


def test_seed_rows_are_many() -> None:
    assert len(SEED_ROWS) >= 25


def test_supporting_rows_resolve_through_generic_block(seed_results: dict) -> None:
    supporting = [code for _lv, code, _n in SEED_ROWS if code.startswith("2.17.01")]
    assert len(supporting) == 24
    for code in supporting:
        res = seed_results[code]
        assert res.method == "generic-code", code
        assert res.matched_code == "X.XX.01" + code[len("2.17.01") :]
        assert res.status in ("exact", "name_variant"), (code, res)
    assert seed_results["2.17.01.2.06.0009"].status == "exact"
    assert seed_results["2.17.01"].matched_name == "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA"
    # "... Perangkat Daerah Dokumen": the indicator's unit spilled into the name
    assert seed_results["2.17.01.2.01.0001"].status == "name_variant"


def test_exact_rows(seed_results: dict) -> None:
    for code in (
        "2",
        "2.17",
        "2.17.02",
        "2.17.02.2.01.0001",
        "2.17.03.2.01.0004",
        "2.17.06.2.01.0002",
        "2.17.08.2.01.0003",
    ):
        res = seed_results[code]
        assert (res.status, res.matched_code, res.method) == ("exact", code, "exact-code"), (code, res)


def test_typo_and_glued_words(seed_results: dict) -> None:
    typo = seed_results["2.17.03.2.01.0003"]  # "Pengutan Tata Kelola ..." for "Penguatan Tata Kelola ..."
    assert typo.status == "name_variant"
    assert typo.matched_code == "2.17.03.2.01.0003"
    assert typo.matched_name == "Penguatan Tata Kelola Kelembagaan Koperasi"
    assert typo.score is not None and 91 <= typo.score < 100
    glued = seed_results["2.17.05.2.01.0001"]  # "KompetensiSDM" split back into two words
    assert (glued.status, glued.matched_code) == ("exact", "2.17.05.2.01.0001")
    spill = seed_results["2.17.06.2.01.0007"]  # "... Kabupaten/Kota // Unit Usaha"
    assert (spill.status, spill.matched_code) == ("name_variant", "2.17.06.2.01.0007")


def test_odd_code_rows(seed_results: dict) -> None:
    # printed "013", "015", "000 2", "000 3", "000 6"; canonical codes given by the code parser
    assert (seed_results["2.17.07.2.01.0013"].status, seed_results["2.17.07.2.01.0013"].matched_code) == (
        "name_variant",  # printed without "pada Infrastruktur Publik"
        "2.17.07.2.01.0013",
    )
    assert seed_results["2.17.07.2.01.0015"].status == "exact"
    assert seed_results["2.17.08.2.01.0002"].status == "exact"
    assert seed_results["2.17.08.2.01.0003"].status == "exact"
    six = seed_results["2.17.08.2.01.0006"]  # printed without "Pemasaran,"
    assert (six.status, six.matched_code) == ("name_variant", "2.17.08.2.01.0006")


@pytest.mark.parametrize(
    ("code", "best"),
    [
        ("2.17.03.2.01.0001", "2.17.03.2.01.0004"),
        ("2.17.03.2.01.0002", "2.17.03.2.01.0004"),
        ("2.17.04.2.01.0002", "2.17.04.2.01.0001"),  # "Penghargaan ..." is not "Pelaksanaan Penilaian ..."
        ("2.17.07.2.01.0001", "2.17.07.2.01.0004"),
        ("2.17.07.2.01.0006", "2.17.07.2.01.0015"),
        ("2.17.05.2.03.0001", "2.17.05.2.01.0001"),  # 2.17.05.2.03 has no sub kegiatan in 2023
    ],
)
def test_codes_not_in_2023_list(seed_results: dict, code: str, best: str) -> None:
    res = seed_results[code]
    assert res.status == "not_found"
    assert res.matched_code is None
    assert "code-unknown" in res.flags and "no-match" in res.flags
    assert res.runner_up_code == best  # the best candidate by name, for a person to check
    assert res.runner_up_score is not None and res.runner_up_score < 90


def test_lower_threshold_turns_near_miss_into_suggestion(nom2023: Nomenclature) -> None:
    rows = _rows([SEED_ROWS[38], SEED_ROWS[40]])  # kegiatan 2.17.04.2.01, then sub kegiatan 0002 (Penghargaan)
    assert rows[1].data["code"] == "2.17.04.2.01.0002"
    res = match_rows(rows, nom2023, MatchSettings(fuzzy_threshold=85))
    assert (res[1].status, res[1].matched_code) == ("code_suggested", "2.17.04.2.01.0001")


def test_program_name_of_its_sibling_is_a_conflict(seed_results: dict) -> None:
    # 2.17.08 is printed with 2.17.07's long name ("PENGEMBANGAN" for "PEMBERDAYAAN")
    res = seed_results["2.17.08"]
    assert res.status == "conflict"
    assert res.matched_code == "2.17.08" and res.runner_up_code == "2.17.07"


def test_swapped_code_and_name_is_conflict(nom2023: Nomenclature) -> None:
    rows = _rows(
        [
            (
                "kegiatan",
                "2.17.06.2.01",
                "Pemberdayaan dan Perlindungan Koperasi yang Keanggotaannya dalam Daerah Kabupaten/Kota",
            ),
            (
                "sub_kegiatan",
                "2.17.06.2.01.0002",
                "Fasilitasi Kemitraan Koperasi yang Keanggotaannya Daerah Kabupaten/Kota",
            ),
            (
                "sub_kegiatan",
                "2.17.06.2.01.0004",
                "Penumbuhan Kesadaran Keluarga dalam Peningkatan Taraf Hidup Keluarga Melalui Kehidupan Berkoperasi dan Pengembangan Ekonomi Lainnya",
            ),
            ("sub_kegiatan", "2.17.01.2.06.0002", "Penyediaan Peralatan Rumah Tangga"),
        ]
    )
    res = match_rows(rows, nom2023)
    assert (res[1].status, res[1].matched_code, res[1].runner_up_code) == (
        "conflict",
        "2.17.06.2.01.0002",
        "2.17.06.2.01.0004",
    )
    assert (res[2].status, res[2].runner_up_code) == ("conflict", "2.17.06.2.01.0002")
    assert (res[3].status, res[3].runner_up_code) == ("conflict", "X.XX.01.2.06.0003")


def test_invented_names_are_not_found(nom2023: Nomenclature) -> None:
    rows = _rows(
        [
            (
                "kegiatan",
                "2.17.06.2.01",
                "Pemberdayaan dan Perlindungan Koperasi yang Keanggotaannya dalam Daerah Kabupaten/Kota",
            ),
            ("sub_kegiatan", None, "Pelatihan Budidaya Ikan Hias bagi Anggota Koperasi Antariksa"),
            ("sub_kegiatan", "2.17.06.2.01.0099", "Peluncuran Satelit Koperasi Desa"),
            ("program", None, "Program Peluncuran Satelit Koperasi Antariksa"),
        ]
    )
    res = match_rows(rows, nom2023)
    assert [r.status for r in res[1:]] == ["not_found", "not_found", "not_found"]
    assert all(r.matched_code is None for r in res[1:])
    assert "code-unknown" in res[2].flags and "code-unknown" not in res[1].flags


def test_name_search_without_code_uses_parent(nom2023: Nomenclature) -> None:
    rows = _rows(
        [
            ("program", "2.17.06", "PROGRAM PEMBERDAYAAN DAN PERLINDUNGAN KOPERASI"),
            ("kegiatan", None, "Pemberdayaan dan Perlindungan Koperasi yang Keanggotaannya dalam Daerah Kab/Kota"),
            ("sub_kegiatan", None, "Fasilitasi Pelaporan Koperasi yang Keanggotaannya Daerah Kabupaten/ Kota"),
            ("sub_kegiatan", "2.17.06.2.01", "Fasilitasi Kemitraan Koperasi yang Keanggotaannya Daerah Kabupaten/Kota"),
            (
                "sub_kegiatan",
                "2.17.06.2.01.0004",
                "2.17.06.2.01.0004 Fasilitasi Kemitraan Koperasi yang Keanggotaannya Daerah Kab/Kota",
            ),
        ]
    )
    res = match_rows(rows, nom2023)
    # the regular kegiatan (segment 2) wins over its special-autonomy twins 2.17.06.3.01 / 2.17.06.4.01
    assert (res[1].status, res[1].matched_code, res[1].method) == ("code_suggested", "2.17.06.2.01", "exact-name")
    assert (res[2].status, res[2].matched_code, res[2].method) == ("code_suggested", "2.17.06.2.01.0008", "exact-name")
    assert res[2].runner_up_code == "2.17.06.2.01.0007"
    # a kegiatan code on a sub kegiatan row: its name is far from the kegiatan's -> conflict, never accepted
    assert res[3].status == "conflict"
    # SIPD "code name" form and "Kab/Kota" spelling
    assert (res[4].status, res[4].matched_code) == ("exact", "2.17.06.2.01.0004")


def test_replaced_by_2027_list(nom2027: Nomenclature) -> None:
    rows = _rows(
        [
            (
                "kegiatan",
                "2.17.07.2.01",
                "Pemberdayaan Usaha Mikro yang dilakukan melalui Pendataan, Kemitraan, Kemudahan Perizinan, Penguatan Kelembagaan dan Koordinasi dengan para pemangku kepentingan",
            ),
            ("sub_kegiatan", "2.17.07.2.01.0003", "Fasilitasi Kemudahan Perijinan Usaha Mikro"),
            ("sub_kegiatan", "2.17.07.2.01.0013", "Penyediaan Tempat Promosi dan Pengembangan Usaha Kecil"),
            (
                "kegiatan",
                "2.17.08.2.01",
                "Pengembangan Usaha Mikro dengan Orientasi Peningkatan Skala Usaha menjadi Usaha Kecil",
            ),
            ("sub_kegiatan", "2.17.08.2.01.0002", "Pengembangan Usaha Mikro"),
        ]
    )
    res = match_rows(rows, nom2027)
    assert (res[1].status, res[1].matched_code) == ("replaced", "2.17.07.2.01.0022")
    assert res[1].matched_name == "Pembinaan dan Fasilitasi Perizinan Berusaha bagi UMKM"
    assert res[1].score is not None and res[1].score >= 91  # printed name = the retired code's name
    assert res[2].status == "not_found"  # 0013 is gone in 2027 and the map names no successor
    assert (res[4].status, res[4].matched_code) == ("replaced", "2.17.08.2.01.0025")


TC24_LEGACY = [
    ("Program Peningkatan Kualitas Kelembagaan Koperasi", "2.17.03"),
    ("Program Pengembangan dan Pemberdayaan Usaha Koperasi", "2.17.06"),
    ("Program Pembinaan Lingkungan Sosial Bidang Koperasi, dan Usaha Mikro", "2.17.07"),
    ("Program Pemberdayaan Usaha Mikro", "2.17.07"),
    ("Program Penumbuhan Wirausaha baru", "2.17.08"),
    ("Program Pelayanan Administrasi Perkantoran", "X.XX.01"),
    ("Program Peningkatan Sarana dan Prasarana Aparatur", "X.XX.01"),
    ("Program Peningkatan Kapasitas Sumber Daya Aparatur", "X.XX.01"),
    ("Program Peningkatan Perencanaan, Laporan Kinerja dan Keuangan Perangkat Daerah", "X.XX.01"),
]


def test_legacy_programs_use_crosswalk(nom2023: Nomenclature) -> None:
    rows = _rows([("program", None, name) for name, _ in TC24_LEGACY])
    res = match_rows(rows, nom2023)
    for (name, code), r in zip(TC24_LEGACY, res):
        assert (r.status, r.method, r.matched_code) == ("legacy_suggestion", "crosswalk", code), name
        assert r.matched_name == nom2023.entries[code].name


def test_crosswalk_codes_exist_in_2023(nom2023: Nomenclature) -> None:
    table = load_legacy_crosswalk()
    assert len(table) >= 9
    for item in table:
        assert item.current_code in nom2023, item
        assert nom2023.entries[item.current_code].level == "program"
        assert nom2023.entries[item.current_code].name == item.current_name


def test_legacy_name_outside_crosswalk_gets_fuzzy_suggestion(nom2023: Nomenclature) -> None:
    # a pre-2021 name not in the crosswalk, near 2.17.06 PROGRAM PEMBERDAYAAN DAN PERLINDUNGAN KOPERASI
    res = match_rows(
        _rows([("program", None, "Program Pemberdayaan dan Perlindungan Usaha Koperasi Simpan Pinjam")]), nom2023
    )
    assert (res[0].status, res[0].method) == ("legacy_suggestion", "fuzzy")
    assert res[0].matched_code == "2.17.06"


def test_apply_matches_writes_fields_and_flags(nom2023: Nomenclature) -> None:
    rows = _rows(SEED_ROWS)  # type: ignore[arg-type]
    results = match_rows(rows, nom2023)
    apply_matches(rows, results)
    apply_matches(rows, results)  # idempotent flags
    by_code = {r.data["code"]: r for r in rows}
    ok = by_code["2.17.03.2.01.0003"]
    assert ok.match.status == "name_variant"
    assert ok.match.matched_code == "2.17.03.2.01.0003"
    assert ok.match.method == "exact-code"
    for key in ("match_name", "match_score", "match_runner_up_code", "match_runner_up_name", "match_runner_up_score"):
        assert key in ok.fields()  # the match as the JSON and CSV write it
    assert ok.flags == []
    bad = by_code["2.17.03.2.01.0001"]
    assert sorted(f.code for f in bad.flags) == ["code-unknown", "no-match"]
    assert bad.match.runner_up_code == "2.17.03.2.01.0004"
    from extractor.errors import FLAG_CODES

    assert all(f.code in FLAG_CODES for r in rows for f in r.flags)


def test_best_version_prefers_2023(nom2023: Nomenclature, nom2027: Nomenclature) -> None:
    ranking = best_version(_rows(SEED_ROWS), [nom2027, nom2023])  # type: ignore[arg-type]
    assert ranking[0].version == nom2023.version
    assert ranking[0].share > ranking[1].share
    assert ranking[0].total == len(SEED_ROWS)


def test_retired_codes_2023_to_2027(nom2023: Nomenclature, nom2027: Nomenclature) -> None:
    found = {r.code: r for r in retired_codes(_rows(SEED_ROWS), nom2023, nom2027)}  # type: ignore[arg-type]
    assert (found["2.17.07.2.01.0003"].change, found["2.17.07.2.01.0003"].new_code) == ("replaced", "2.17.07.2.01.0022")
    assert (found["2.17.08.2.01.0006"].change, found["2.17.08.2.01.0006"].new_code) == ("replaced", "2.17.08.2.01.0019")
    assert found["2.17.07.2.01.0013"].change == "retired"
    assert "2.17.06.2.01.0002" not in found  # in both lists, same name
    assert "2.17.03.2.01.0001" not in found  # not in the older list either


def test_matching_is_fast(nom2023: Nomenclature) -> None:
    rows = _rows((SEED_ROWS * 2)[:100])  # type: ignore[arg-type]
    match_rows(rows, nom2023)  # warm the per-level indexes
    start = time.perf_counter()
    match_rows(rows, nom2023)
    assert time.perf_counter() - start < 1.0
