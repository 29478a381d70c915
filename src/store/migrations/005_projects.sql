-- aftercare schema: project follow-through (migration 005). Issue log, documents,
-- customer acceptance, retrospectives and the tickets a project belongs to.

-- Tickets that belong to a project (a complaint follow-up, the upgrade's incidents …).
CREATE TABLE project_tickets (
    project_id INTEGER NOT NULL REFERENCES projects(id),
    ticket_id  INTEGER NOT NULL REFERENCES tickets(id),
    linked_at  INTEGER NOT NULL,
    linked_by  TEXT NOT NULL,
    PRIMARY KEY (project_id, ticket_id)
);
CREATE INDEX project_tickets_ticket ON project_tickets(ticket_id);

-- The issue log: problems that have happened (risks are the ones that might).
CREATE TABLE project_issues (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES projects(id),
    title       TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT '',
    severity    TEXT NOT NULL DEFAULT 'medium',
    owner_id    INTEGER REFERENCES agents(id),
    status      TEXT NOT NULL DEFAULT 'open',
    resolution  TEXT NOT NULL DEFAULT '',
    due_on      TEXT,
    opened_at   INTEGER NOT NULL,
    resolved_at INTEGER,
    updated_at  INTEGER NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX project_issues_project ON project_issues(project_id, status);

-- Documents kept with a project: a path or a URL, by kind.
CREATE TABLE project_documents (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id),
    title      TEXT NOT NULL,
    location   TEXT NOT NULL,
    kind       TEXT NOT NULL DEFAULT 'other',
    added_by   TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX project_documents_project ON project_documents(project_id);

-- The customer's acceptance (who on their side, when, what they said).
CREATE TABLE project_acceptances (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES projects(id),
    accepted_by TEXT NOT NULL,
    accepted_at INTEGER NOT NULL,
    notes       TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL
);
CREATE INDEX project_acceptances_project ON project_acceptances(project_id);

-- One retrospective per project, optionally published as a knowledge-base article.
CREATE TABLE project_retros (
    project_id INTEGER PRIMARY KEY REFERENCES projects(id),
    went_well  TEXT NOT NULL DEFAULT '',
    went_badly TEXT NOT NULL DEFAULT '',
    lessons    TEXT NOT NULL DEFAULT '',
    article_id INTEGER REFERENCES kb_articles(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);

-- Successors of a task (the primary key only serves the other direction).
CREATE INDEX task_deps_depends_on ON task_deps(depends_on);
CREATE INDEX tasks_milestone ON tasks(milestone_id);
