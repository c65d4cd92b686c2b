"""Nothing outside the register makes designs differ: a model of the team design and
one of the relay read the same parameters, apart from the levers themselves, the
design assumptions the register applies to the team and the switch of pooled
capacity. A parameter read by one design only (a "team bonus" that is not a
registered assumption) fails this test; a hard-coded difference fails the mirror
test (tests/test_mirror.py)."""

from __future__ import annotations

from typing import Any

from conftest import small_scenario
from pydantic import BaseModel

from sim.assumptions import REGISTER
from sim.model import ProtectionModel


class Reading:
    """A scenario (or part of one) that notes the path of every value read through it."""

    def __init__(self, value: Any, path: str, reads: set[str]) -> None:
        object.__setattr__(self, "_value", value)
        object.__setattr__(self, "_path", path)
        object.__setattr__(self, "_reads", reads)

    @property
    def __class__(self):  # isinstance() sees the wrapped type
        return type(self._value)

    def __getattr__(self, name: str) -> Any:
        return _wrap(getattr(self._value, name), f"{self._path}.{name}".lstrip("."),
                     self._reads)

    def items(self):
        return [(k, _wrap(v, f"{self._path}.{k}", self._reads)) for k, v in self._value.items()]

    def __getitem__(self, key: str) -> Any:
        return _wrap(self._value[key], f"{self._path}.{key}", self._reads)

    def __iter__(self):
        return iter(self._value)

    def __len__(self) -> int:
        return len(self._value)


def _wrap(value: Any, path: str, reads: set[str]) -> Any:
    if isinstance(value, (BaseModel, dict)):
        return Reading(value, path, reads)
    if not callable(value):
        reads.add(path)
    return value


def _read_by(design: str) -> set[str]:
    reads: set[str] = set()
    scenario = small_scenario({"design": {"review": "four_eyes", "client_support": True}},
                              design=design, families=8000, years=2, warmup_years=2)
    model = ProtectionModel(Reading(scenario, "", reads))
    model.run()
    return reads


def test_relay_and_team_read_the_same_parameters_but_levers_and_registered_assumptions():
    relay, team = _read_by("relay"), _read_by("team")
    allowed = {f"assumptions.{a.name}" for a in REGISTER if a.lever == "model"} | {
        "mechanisms.pooled_capacity"}
    differing = {path for path in relay ^ team if not path.startswith("design.")}
    assert differing <= allowed, differing - allowed
    assert "assumptions.team_blame_shift" in team - relay  # it does see a difference
    assert relay & team >= {"decisions.noise_sd", "organisations.veilig_thuis.blame_bias"}
