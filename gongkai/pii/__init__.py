"""The personal-data toolbox: what must not leak, how to find it and how to mask it.

``precheck`` finds resident ID, mobile and bank card numbers, secrecy markings and sensitive
words in text; ``masking`` is the platform's one rule for what is shown of each kind of value;
``checkdigits`` checks ID numbers, credit codes and card numbers through python-stdnum. A
toolbox package: it imports no app of Gongkai (the extracted text it scans comes from
``documents``), and review, mailbox, supervision, applications and orgs use it.
"""
