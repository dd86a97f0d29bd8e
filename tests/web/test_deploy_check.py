import os
import subprocess
import sys


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "SECRET_KEY": "prod-" + "k7Q2x9Lm4Rt8Vb1Nc6Zp3Hs5Wd0Yf" * 2,
        "ALLOWED_HOSTS": "zwfw.example.gov.cn",
        "YIWANG_DATA_DIR": str(tmp_path),
        "YIWANG_KEY_ENCRYPTION_KEY": "00112233445566778899aabbccddeeff",
    }
    env.pop("DEBUG", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    result = subprocess.run(
        [sys.executable, "-m", "yiwang.manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
