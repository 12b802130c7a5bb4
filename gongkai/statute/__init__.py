"""The statute's vocabulary: what the law and the 2021 annual-report format fix word for word.

The report layout (``layout``, read from ``spec/annual-report-2021.json``), the 21 coded
outcomes of an application (``outcomes``) and the six kinds of applicant (``applicants``). A
toolbox package: it imports no app of Gongkai, so every app — applications that record an
outcome, reports that count it — can use it without depending on each other.
"""
