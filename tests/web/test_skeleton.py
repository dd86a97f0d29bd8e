def test_home_page_is_in_simplified_chinese(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert 'lang="zh-CN"' in response.content.decode()
    assert "一网通办" in response.content.decode()


def test_openapi_document_and_docs_page(client, db):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"openapi: 3" in schema.content
    assert client.get("/api/docs/").status_code == 200


def test_english_is_available(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.cookies["django_language"].value == "en"
