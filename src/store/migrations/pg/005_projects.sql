-- PostgreSQL edition of ../005_projects.sql: the same tables and indexes (BIGINT, "C"-collated TEXT).
-- aftercare schema: project follow-through (migration 005). Issue log, documents,
-- customer acceptance, retrospectives and the tickets a project belongs to.

-- Tickets that belong to a project (a complaint follow-up, the upgrade's incidents …).
CREATE TABLE project_tickets (
    project_id BIGINT NOT NULL REFERENCES projects(id) DEFERRABLE,
    ticket_id  BIGINT NOT NULL REFERENCES tickets(id) DEFERRABLE,
    linked_at  BIGINT NOT NULL,
    linked_by  TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (project_id, ticket_id)
);
CREATE INDEX project_tickets_ticket ON project_tickets(ticket_id);

-- The issue log: problems that have happened (risks are the ones that might).
CREATE TABLE project_issues (
    id          BIGINT PRIMARY KEY,
    project_id  BIGINT NOT NULL REFERENCES projects(id) DEFERRABLE,
    title       TEXT COLLATE "C" NOT NULL,
    detail      TEXT COLLATE "C" NOT NULL DEFAULT '',
    severity    TEXT COLLATE "C" NOT NULL DEFAULT 'medium',
    owner_id    BIGINT REFERENCES agents(id) DEFERRABLE,
    status      TEXT COLLATE "C" NOT NULL DEFAULT 'open',
    resolution  TEXT COLLATE "C" NOT NULL DEFAULT '',
    due_on      TEXT COLLATE "C",
    opened_at   BIGINT NOT NULL,
    resolved_at BIGINT,
    updated_at  BIGINT NOT NULL,
    version     BIGINT NOT NULL DEFAULT 1
);
CREATE TRIGGER project_issues_id BEFORE INSERT ON project_issues FOR EACH ROW EXECUTE FUNCTION ac_next_id();
CREATE INDEX project_issues_project ON project_issues(project_id, status);

-- Documents kept with a project: a path or a URL, by kind.
CREATE TABLE project_documents (
    id         BIGINT PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects(id) DEFERRABLE,
    title      TEXT COLLATE "C" NOT NULL,
    location   TEXT COLLATE "C" NOT NULL,
    kind       TEXT COLLATE "C" NOT NULL DEFAULT 'other',
    added_by   TEXT COLLATE "C" NOT NULL,
    created_at BIGINT NOT NULL,
    version    BIGINT NOT NULL DEFAULT 1
);
CREATE TRIGGER project_documents_id BEFORE INSERT ON project_documents FOR EACH ROW EXECUTE FUNCTION ac_next_id();
CREATE INDEX project_documents_project ON project_documents(project_id);

-- The customer's acceptance (who on their side, when, what they said).
CREATE TABLE project_acceptances (
    id          BIGINT PRIMARY KEY,
    project_id  BIGINT NOT NULL REFERENCES projects(id) DEFERRABLE,
    accepted_by TEXT COLLATE "C" NOT NULL,
    accepted_at BIGINT NOT NULL,
    notes       TEXT COLLATE "C" NOT NULL DEFAULT '',
    recorded_by TEXT COLLATE "C" NOT NULL
);
CREATE TRIGGER project_acceptances_id BEFORE INSERT ON project_acceptances FOR EACH ROW EXECUTE FUNCTION ac_next_id();
CREATE INDEX project_acceptances_project ON project_acceptances(project_id);

-- One retrospective per project, optionally published as a knowledge-base article.
CREATE TABLE project_retros (
    project_id BIGINT PRIMARY KEY REFERENCES projects(id) DEFERRABLE,
    went_well  TEXT COLLATE "C" NOT NULL DEFAULT '',
    went_badly TEXT COLLATE "C" NOT NULL DEFAULT '',
    lessons    TEXT COLLATE "C" NOT NULL DEFAULT '',
    article_id BIGINT REFERENCES kb_articles(id) DEFERRABLE,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version    BIGINT NOT NULL DEFAULT 1
);

-- Successors of a task (the primary key only serves the other direction).
CREATE INDEX task_deps_depends_on ON task_deps(depends_on);
CREATE INDEX tasks_milestone ON tasks(milestone_id);
