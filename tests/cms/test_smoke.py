def test_home_renders(client, site_tree):
    response = client.get("/")
    assert response.status_code == 200
