-- Live: the PostgreSQL schema behind Orleans' ADO.NET providers (clustering, grain storage, reminders).
--
-- Apply it with scripts/db-init.sh "<connection string or postgres:// URL>". It is idempotent: every object is
-- created only when missing, functions are replaced, and the query rows are upserted, so applying it again
-- (for example after an upgrade of this file) is safe and keeps existing membership, state and reminders.
--
-- How Orleans uses it. The ADO.NET providers (Microsoft.Orleans.{Clustering,Persistence,Reminders}.AdoNet 10.4.2)
-- ship no SQL. At start each provider reads every row of OrleansQuery and from then on runs only those texts, binding
-- named parameters (@DeploymentId, @GrainIdHash, ...) and reading result columns by name. So the contract is:
--   * the query keys each provider looks up (it refuses to start when one is missing),
--   * the parameter names it binds and the result column names it reads,
--   * the meaning of results: a single 0/1 column for "did the conditional write happen", and version numbers
--     that only move forward so that a lost race is visible to the caller (an ETag).
-- Table and column names below are the ones Orleans' documentation and tooling use, so operators recognise them;
-- everything else (function names, indexes, how atomicity is achieved) is our own.
--
-- Parameter types as Npgsql sees them: strings are text, ids and ports int4, grain ids' N0/N1 int8, times timestamptz
-- (DateTime of kind UTC), payloads bytea. Unquoted identifiers fold to lower case; Orleans reads columns by name
-- case-insensitively, so that is fine.

BEGIN;

-- Re-applying reports every object that already exists; only warnings and errors are worth reading.
SET LOCAL client_min_messages = warning;

-- ---------------------------------------------------------------------------------------------------------------
-- The query catalogue.
-- ---------------------------------------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL,
    QueryText text        NOT NULL,
    CONSTRAINT OrleansQuery_Key PRIMARY KEY (QueryKey)
);

-- Registers (or replaces) the text Orleans runs for one key.
CREATE OR REPLACE PROCEDURE live_define_query(key varchar, body text)
LANGUAGE sql AS $fn$
    INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES (key, body)
    ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- Clustering: who is in the cluster. One version row per cluster (DeploymentId = Orleans' ClusterId) and one row per
-- silo incarnation (address, port, generation). Every change to a silo row also bumps the version row, guarded by
-- the version the caller last read: that is how two silos racing to declare a third one dead cannot both win.
-- ---------------------------------------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId varchar(150)   NOT NULL,
    Timestamp    timestamptz(3) NOT NULL DEFAULT now(),
    Version      integer        NOT NULL DEFAULT 0,
    CONSTRAINT PK_OrleansMembershipVersionTable_DeploymentId PRIMARY KEY (DeploymentId)
);

CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId varchar(150)   NOT NULL,
    Address      varchar(45)    NOT NULL,  -- long enough for an IPv6 literal
    Port         integer        NOT NULL,
    Generation   integer        NOT NULL,
    SiloName     varchar(150)   NOT NULL,
    HostName     varchar(150)   NOT NULL,
    Status       integer        NOT NULL,  -- Orleans' SiloStatus: 3 Active, 6 Dead, ...
    ProxyPort    integer        NULL,      -- the client gateway port; 0 when the silo serves no clients
    SuspectTimes text           NULL,      -- "silo,time|silo,time" votes of other silos
    StartTime    timestamptz(3) NOT NULL,
    IAmAliveTime timestamptz(3) NOT NULL,
    CONSTRAINT PK_MembershipTable_DeploymentId PRIMARY KEY (DeploymentId, Address, Port, Generation),
    CONSTRAINT FK_MembershipTable_MembershipVersionTable_DeploymentId
        FOREIGN KEY (DeploymentId) REFERENCES OrleansMembershipVersionTable (DeploymentId)
);

-- Adds a silo row and bumps the cluster version in one step, or does neither. Returns 1 on success, 0 when the
-- version moved on since the caller read it or the silo row already exists.
CREATE OR REPLACE FUNCTION live_membership_insert(
    p_deployment text, p_address text, p_port integer, p_generation integer, p_silo_name text, p_host_name text,
    p_status integer, p_proxy_port integer, p_start_time timestamptz, p_i_am_alive timestamptz, p_expected_version integer)
RETURNS integer LANGUAGE plpgsql AS $fn$
BEGIN
    -- The inner block is a savepoint: leaving it through the handler undoes the version bump as well.
    BEGIN
        UPDATE OrleansMembershipVersionTable AS v
           SET Version = v.Version + 1, Timestamp = now()
         WHERE v.DeploymentId = p_deployment AND v.Version = p_expected_version AND v.Version < 2147483647;
        IF NOT FOUND THEN
            RETURN 0;
        END IF;

        INSERT INTO OrleansMembershipTable
            (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
        VALUES
            (p_deployment, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status, p_proxy_port,
             p_start_time, p_i_am_alive);
        RETURN 1;
    EXCEPTION WHEN unique_violation THEN
        RETURN 0;
    END;
END
$fn$;

-- Changes a silo's p_status and suspicions and bumps the cluster version in one step, or does neither.
CREATE OR REPLACE FUNCTION live_membership_update(
    p_deployment text, p_address text, p_port integer, p_generation integer,
    p_status integer, p_suspect_times text, p_i_am_alive timestamptz, p_expected_version integer)
RETURNS integer LANGUAGE plpgsql AS $fn$
BEGIN
    BEGIN
        UPDATE OrleansMembershipVersionTable AS v
           SET Version = v.Version + 1, Timestamp = now()
         WHERE v.DeploymentId = p_deployment AND v.Version = p_expected_version AND v.Version < 2147483647;
        IF NOT FOUND THEN
            RETURN 0;
        END IF;

        UPDATE OrleansMembershipTable AS m
           SET Status = p_status,
               SuspectTimes = p_suspect_times,
               -- A heartbeat written meanwhile must not be moved back in time.
               IAmAliveTime = GREATEST(m.IAmAliveTime, p_i_am_alive)
         WHERE m.DeploymentId = p_deployment AND m.Address = p_address AND m.Port = p_port AND m.Generation = p_generation;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'no such silo row' USING ERRCODE = 'no_data_found';
        END IF;
        RETURN 1;
    EXCEPTION WHEN no_data_found THEN
        RETURN 0;
    END;
END
$fn$;

CALL live_define_query('InsertMembershipVersionKey', $q$
    WITH created AS (
        INSERT INTO OrleansMembershipVersionTable (DeploymentId) VALUES (@DeploymentId)
        ON CONFLICT (DeploymentId) DO NOTHING
        RETURNING 1)
    SELECT count(*)::integer FROM created;
$q$);

CALL live_define_query('InsertMembershipKey', $q$
    SELECT live_membership_insert(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
                                  @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version);
$q$);

CALL live_define_query('UpdateMembershipKey', $q$
    SELECT live_membership_update(@DeploymentId, @Address, @Port, @Generation,
                                  @Status, @SuspectTimes, @IAmAliveTime, @Version);
$q$);

-- Heartbeats do not touch the version row: they are frequent and carry no decision.
CALL live_define_query('UpdateIAmAlivetimeKey', $q$
    UPDATE OrleansMembershipTable
       SET IAmAliveTime = GREATEST(IAmAliveTime, @IAmAliveTime)
     WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation;
$q$);

-- Both reads start from the version row so that an empty cluster still answers with its version.
CALL live_define_query('MembershipReadAllKey', $q$
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
           m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
      FROM OrleansMembershipVersionTable AS v
      LEFT JOIN OrleansMembershipTable AS m ON m.DeploymentId = v.DeploymentId
     WHERE v.DeploymentId = @DeploymentId;
$q$);

CALL live_define_query('MembershipReadRowKey', $q$
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
           m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
      FROM OrleansMembershipVersionTable AS v
      LEFT JOIN OrleansMembershipTable AS m
             ON m.DeploymentId = v.DeploymentId
            AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
     WHERE v.DeploymentId = @DeploymentId;
$q$);

-- What clients connect to: active silos that accept clients.
CALL live_define_query('GatewaysQueryKey', $q$
    SELECT Address, ProxyPort, Generation
      FROM OrleansMembershipTable
     WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0;
$q$);

CALL live_define_query('DeleteMembershipTableEntriesKey', $q$
    DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
    DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;
$q$);

-- Pruning of dead silos' rows. Orleans 10.4 decides in .NET which rows are old enough and deletes each one only if
-- it still holds the values it judged (CleanupDefunctSiloEntryKey); the bulk form is kept because the provider
-- still requires the key to exist.
CALL live_define_query('CleanupDefunctSiloEntriesKey', $q$
    DELETE FROM OrleansMembershipTable
     WHERE DeploymentId = @DeploymentId AND Status = 6
       AND IAmAliveTime < @IAmAliveTime AND StartTime < @IAmAliveTime
       AND COALESCE(SuspectTimes, '') = '';
$q$);

CALL live_define_query('CleanupDefunctSiloEntryKey', $q$
    DELETE FROM OrleansMembershipTable
     WHERE DeploymentId = @DeploymentId AND Status = 6
       AND Address = @Address AND Port = @Port AND Generation = @Generation
       AND IAmAliveTime = @IAmAliveTime AND StartTime = @StartTime
       AND COALESCE(SuspectTimes, '') = COALESCE(@SuspectTimes, '');
$q$);

-- ---------------------------------------------------------------------------------------------------------------
-- Grain storage: one row per grain state (storage provider "live"). A grain is identified by its hashes, its key
-- (N0/N1 for integer and Guid keys, the extension string for string keys) and its type; Version is the ETag.
-- Payloads are Orleans-serialized bytes (PayloadBinary); the JSON/XML columns of older Orleans versions are unused
-- since Orleans 7 and left out.
-- ---------------------------------------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash            integer      NOT NULL,
    GrainIdN0              bigint       NOT NULL,
    GrainIdN1              bigint       NOT NULL,
    GrainTypeHash          integer      NOT NULL,
    GrainTypeString        varchar(512) NOT NULL,
    GrainIdExtensionString varchar(512) NULL,
    ServiceId              varchar(150) NOT NULL,
    PayloadBinary          bytea        NULL,
    ModifiedOn             timestamp    NOT NULL,  -- UTC
    Version                integer      NULL
);

-- At most one row per grain state. Besides serving every lookup (all predicates are equalities on its columns),
-- this makes the first write of two racing activations a clean insert conflict rather than a duplicate row.
-- The strings go in as digests to stay far below the b-tree entry size limit.
CREATE UNIQUE INDEX IF NOT EXISTS OrleansStorage_Grain ON OrleansStorage
    (ServiceId, GrainIdHash, GrainTypeHash, GrainIdN0, GrainIdN1,
     md5(GrainTypeString), md5(COALESCE(GrainIdExtensionString, '')));

-- Writes a grain state if the caller holds the current version (NULL: the state was never written).
-- Returns the new version, or the caller's version unchanged when another activation wrote first; Orleans then
-- raises an InconsistentStateException instead of overwriting.
CREATE OR REPLACE FUNCTION live_storage_write(
    grain_id_hash integer, grain_id_n0 bigint, grain_id_n1 bigint, grain_type_hash integer, grain_type text,
    key_extension text, service text, expected_version integer, payload bytea)
RETURNS integer LANGUAGE plpgsql AS $fn$
DECLARE
    written integer;
BEGIN
    IF expected_version IS NULL THEN
        INSERT INTO OrleansStorage AS s
            (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString, ServiceId,
             PayloadBinary, ModifiedOn, Version)
        VALUES
            (grain_id_hash, grain_id_n0, grain_id_n1, grain_type_hash, grain_type, key_extension, service,
             payload, now() AT TIME ZONE 'utc', 1)
        ON CONFLICT DO NOTHING
        RETURNING s.Version INTO written;
    ELSE
        UPDATE OrleansStorage AS s
           SET PayloadBinary = payload, ModifiedOn = now() AT TIME ZONE 'utc', Version = s.Version + 1
         WHERE s.ServiceId = service AND s.GrainIdHash = grain_id_hash AND s.GrainTypeHash = grain_type_hash
           AND s.GrainIdN0 = grain_id_n0 AND s.GrainIdN1 = grain_id_n1 AND s.GrainTypeString = grain_type
           AND s.GrainIdExtensionString IS NOT DISTINCT FROM key_extension
           AND s.Version = expected_version
        RETURNING s.Version INTO written;
    END IF;
    RETURN COALESCE(written, expected_version);
END
$fn$;

CALL live_define_query('WriteToStorageKey', $q$
    SELECT live_storage_write(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
                              @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary)
           AS NewGrainStateVersion;
$q$);

CALL live_define_query('ReadFromStorageKey', $q$
    SELECT PayloadBinary, ModifiedOn, Version
      FROM OrleansStorage
     WHERE ServiceId = @ServiceId AND GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
       AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1 AND GrainTypeString = @GrainTypeString
       AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString;
$q$);

-- Clearing keeps the row (and its version history) and drops the payload; a stale version clears nothing.
CALL live_define_query('ClearStorageKey', $q$
    UPDATE OrleansStorage
       SET PayloadBinary = NULL, ModifiedOn = now() AT TIME ZONE 'utc', Version = Version + 1
     WHERE ServiceId = @ServiceId AND GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
       AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1 AND GrainTypeString = @GrainTypeString
       AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
       AND Version = @GrainStateVersion
    RETURNING Version AS NewGrainStateVersion;
$q$);

-- ---------------------------------------------------------------------------------------------------------------
-- Reminders: durable timers. Each silo reads the reminders whose GrainHash falls in its share of the hash ring.
-- ---------------------------------------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS OrleansRemindersTable
(
    ServiceId    varchar(150)   NOT NULL,
    GrainId      varchar(150)   NOT NULL,
    ReminderName varchar(150)   NOT NULL,
    StartTime    timestamptz(3) NOT NULL,
    Period       bigint         NOT NULL,  -- milliseconds
    GrainHash    integer        NOT NULL,  -- the grain's uniform hash, as a signed 32-bit integer
    Version      integer        NOT NULL,
    CONSTRAINT PK_RemindersTable_ServiceId_GrainId_ReminderName PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

CREATE INDEX IF NOT EXISTS OrleansRemindersTable_Ring ON OrleansRemindersTable (ServiceId, GrainHash);

CALL live_define_query('UpsertReminderRowKey', $q$
    INSERT INTO OrleansRemindersTable AS r (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
    VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
    ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
       SET StartTime = EXCLUDED.StartTime, Period = EXCLUDED.Period, GrainHash = EXCLUDED.GrainHash,
           Version = r.Version + 1
    RETURNING r.Version AS Version;
$q$);

CALL live_define_query('ReadReminderRowsKey', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version
      FROM OrleansRemindersTable
     WHERE ServiceId = @ServiceId AND GrainId = @GrainId;
$q$);

CALL live_define_query('ReadReminderRowKey', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version
      FROM OrleansRemindersTable
     WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName;
$q$);

-- A range of the ring that does not wrap around: (BeginHash, EndHash].
CALL live_define_query('ReadRangeRows1Key', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version
      FROM OrleansRemindersTable
     WHERE ServiceId = @ServiceId AND GrainHash > @BeginHash AND GrainHash <= @EndHash;
$q$);

-- A range that wraps around the end of the ring: above BeginHash or up to EndHash.
CALL live_define_query('ReadRangeRows2Key', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version
      FROM OrleansRemindersTable
     WHERE ServiceId = @ServiceId AND (GrainHash > @BeginHash OR GrainHash <= @EndHash);
$q$);

CALL live_define_query('DeleteReminderRowKey', $q$
    WITH removed AS (
        DELETE FROM OrleansRemindersTable
         WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName
           AND Version = @Version
        RETURNING 1)
    SELECT count(*)::integer FROM removed;
$q$);

CALL live_define_query('DeleteReminderRowsKey', $q$
    DELETE FROM OrleansRemindersTable WHERE ServiceId = @ServiceId;
$q$);

COMMIT;
