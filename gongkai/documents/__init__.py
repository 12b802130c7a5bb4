"""The document toolbox: what a file is, what text it holds, and files written for people.

``files`` tells a file's kind by its content and checks attachments; ``extract`` reads the text
of TXT, DOCX, XLSX and PDF files with where each piece is; ``sanitize`` strips hidden metadata
before publication; ``docx_fonts`` and ``pdf`` write Word and PDF files with Chinese fonts. A
toolbox package: it imports no app of Gongkai, and the catalogue, review, search, mailbox,
applications and reports all use it.
"""
