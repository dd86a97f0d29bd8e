LINKS = [
    ("security:password_change", "修改密码", "修改本人登录密码", "signed_in"),
]
