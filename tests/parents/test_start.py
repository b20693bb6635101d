import re

from .helpers import text_of


def test_it_explains_pt_as_the_moving_and_ot_as_the_doing(client):
    page = text_of(client.get("/"))
    assert "Physical therapy (PT): the moving" in page
    assert "Occupational therapy (OT): the doing" in page
    assert "Many children need both" in page


def test_it_says_the_check_is_not_a_diagnosis_and_stores_nothing(client):
    page = text_of(client.get("/"))
    assert "It is not a diagnosis." in page
    assert "a therapist's evaluation" in page
    assert "about 5 minutes" in page
    assert "Nothing is stored." in page


def test_it_starts_with_a_start_now_button_to_the_age_question(client):
    html = client.get("/").content.decode()
    button = re.search(r'<a href="([^"]+)" role="button"[^>]*>Start now', html)
    assert button
    assert button[1] == "/check/age/"


def test_it_does_not_open_a_session(client):
    response = client.get("/")
    assert "sessionid" not in response.cookies


def test_it_only_allows_get(client):
    assert client.post("/").status_code == 405
