"""The access kernel: the one door to case data (scopes), the one table of who may do what (policy), and the
view decorator and service check built on both (guard). See docs/adr/0010-access-kernel.md."""
