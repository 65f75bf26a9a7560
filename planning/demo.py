"""Demo cases beyond the overleg stage (plan, monitoring, afschalen, evaluatie).

They need meetings and an adopted plan, which the planning app does not build yet, so there are
none; seed_demo calls this so the later stages appear once planning exists.
"""


def seed_later_stages(command, region, users, index) -> None:
    return None
