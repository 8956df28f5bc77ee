-- The spool of a two-node service (node.cluster.enabled): ActiveMQ's JDBC store, in the shared PostgreSQL.
-- The tables ActiveMQ 5.17's PostgreSQL adapter expects (its own DDL, createTablesOnStartup, is off: it would run on
-- both nodes at every start, before the lock is taken). activemq_lock's single row is what the nodes' brokers lock:
-- the one holding it is the master, the other waits to take over.
CREATE TABLE activemq_msgs (
    id BIGINT NOT NULL PRIMARY KEY,
    container VARCHAR(250) NOT NULL,
    msgid_prod VARCHAR(250),
    msgid_seq BIGINT,
    expiration BIGINT,
    msg BYTEA,
    priority BIGINT,
    xid VARCHAR(250)
);
CREATE INDEX activemq_msgs_midx ON activemq_msgs (msgid_prod, msgid_seq);
CREATE INDEX activemq_msgs_cidx ON activemq_msgs (container);
CREATE INDEX activemq_msgs_eidx ON activemq_msgs (expiration);
CREATE INDEX activemq_msgs_pidx ON activemq_msgs (priority);
CREATE INDEX activemq_msgs_xidx ON activemq_msgs (xid);
CREATE INDEX activemq_msgs_iidx ON activemq_msgs (id, xid, container);

CREATE TABLE activemq_acks (
    container VARCHAR(250) NOT NULL,
    sub_dest VARCHAR(250),
    client_id VARCHAR(250) NOT NULL,
    sub_name VARCHAR(250) NOT NULL,
    selector VARCHAR(250),
    last_acked_id BIGINT,
    priority BIGINT DEFAULT 5 NOT NULL,
    xid VARCHAR(250),
    PRIMARY KEY (container, client_id, sub_name, priority)
);
CREATE INDEX activemq_acks_xidx ON activemq_acks (xid);

CREATE TABLE activemq_lock (
    id BIGINT NOT NULL PRIMARY KEY,
    time BIGINT,
    broker_name VARCHAR(250)
);
INSERT INTO activemq_lock (id) VALUES (1);
