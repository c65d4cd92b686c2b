"""The core tasks, in the order of their weekly step (sim.tasks.base says what a task is).

A model runs the tasks it is given (`ProtectionModel(config, tasks=...)`); these
are the ones every design has. The order matters only for the weekly steps:
recurrence is judged on last week's concern, emergencies come before noticing
(a family in crisis is not also newly reported), aftercare comes after noticing (a
family reported this week does not also come back of its own accord), and plans are followed after
this week's casework.
"""

from sim.tasks.access import Advice
from sim.tasks.aftercare import Aftercare
from sim.tasks.casework import Casework
from sim.tasks.closure import Closure
from sim.tasks.court import Court
from sim.tasks.emergencies import Emergencies
from sim.tasks.followup import Followup
from sim.tasks.investigation import Investigation
from sim.tasks.noticing import Noticing
from sim.tasks.plans import Plans
from sim.tasks.review import Review

CORE_TASKS = (Closure, Emergencies, Noticing, Casework, Plans, Advice, Investigation,
              Followup, Review, Court, Aftercare)
