//! Deliberate deviations from the documented API, used to prove the harness catches them.
//!
//! Every fault breaks exactly one documented rule and leaves the rest of the server conformant.
//! Behaviour the documents leave open (status 200 vs 204 for actions, error body shape, list
//! order, extra fields, enum spelling, `user` vs `users`) is never a fault.

macro_rules! faults {
    ($( $(#[$doc:meta])* $variant:ident => $name:literal, $requirement:literal, $rule:literal; )+) => {
        /// One injectable deviation from the documented API.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Fault {
            $( $(#[$doc])* $variant, )+
        }

        impl Fault {
            const ALL: &'static [Fault] = &[$(Fault::$variant),+];

            /// Every fault, in a stable order.
            pub fn all() -> &'static [Fault] {
                Self::ALL
            }

            /// The kebab-case name used by `--fault NAME`.
            pub fn name(&self) -> &'static str {
                match self { $(Fault::$variant => $name,)+ }
            }

            /// The documented rule this fault breaks, paraphrased, with page and section.
            pub fn rule(&self) -> &'static str {
                match self { $(Fault::$variant => $rule,)+ }
            }

            /// The id, in the harness's `specs/requirements.yaml`, of the requirement this
            /// fault breaks: the catalogue must catch the fault under it.
            pub fn requirement(&self) -> &'static str {
                match self { $(Fault::$variant => $requirement,)+ }
            }
        }
    };
}

faults! {
    /// Extension lists include extensions of users without a full licence.
    UnlicensedExtensionListed => "unlicensed-extension-listed", "EXT-LIST-CORE-EXCLUDES-UNLICENSED",
        "Extension lists leave out extensions whose user lacks a full licence (extensions.txt > Root Resource Paths)";
    /// An unlicensed extension is served with 200.
    UnlicensedExtensionFetchable => "unlicensed-extension-fetchable", "EXT-INSTANCE-BY-ID-403-UNLICENSED",
        "An extension not bound to a fully licensed user is refused with 403 (extensions.txt > Instance Resource Paths)";
    /// An unknown core server yields 500.
    UnknownCore500 => "unknown-core-500", "EXT-LIST-CORE-404-UNKNOWN-CORE",
        "An unknown core server id or slug is answered with 404 (extensions.txt > Root Resource Paths, Errors)";
    /// An unknown core server yields 403.
    UnknownCore403 => "unknown-core-403", "CS-LIST-CORE-404-UNKNOWN-CORE",
        "An unknown core server id or slug is answered with 404, not 403 (call-segments.txt > Root Resource Paths, Errors)";
    /// An unknown extension yields 403.
    UnknownExtension403 => "unknown-extension-403", "EXT-INSTANCE-BY-ID-404-UNKNOWN",
        "An extension id or number that names nothing is answered with 404 (extensions.txt > Instance Resource Paths, Errors)";
    /// `getByName/{number}` is not supported for extensions.
    ExtensionGetByNameUnsupported => "extension-get-by-name-unsupported", "EXT-INSTANCE-BY-NUMBER-200",
        "Extensions are reachable by number through getByName/{extension_number} (extensions.txt > Instance Resource Paths)";
    /// A path mixing the id and the getByName forms is rejected with 404.
    MixedFormsRejected => "mixed-forms-rejected", "OV-MIXED-PATH-FORMS",
        "Id and getByName segments may be mixed freely in one path (API overview > Identity)";
    /// `extensionNumber` is serialised as a JSON number.
    ExtensionNumberAsNumber => "extension-number-as-number", "EXT-FIELD-EXTENSIONNUMBER",
        "An extension's extensionNumber is a string (extensions.txt > JSON Representation)";
    /// The extension JSON has no `permissionId`.
    ExtensionMissingPermissionId => "extension-missing-permission-id", "EXT-FIELD-PERMISSIONID",
        "An extension carries a permissionId string (extensions.txt > JSON Representation)";
    /// The extension JSON has no `configurationId`.
    ExtensionMissingConfigurationId => "extension-missing-configuration-id", "EXT-FIELD-CONFIGURATIONID",
        "An extension carries a configurationId string (extensions.txt > JSON Representation)";
    /// Extension lists are wrapped in an object.
    ExtensionListWrapped => "extension-list-wrapped", "OV-COLLECTION-ARRAY",
        "Collections are bare JSON arrays (API overview > Transport; extensions.txt > Root Resource Paths)";
    /// `callerId.number` is missing from call segments.
    CallerIdNumberMissing => "caller-id-number-missing", "CS-FIELD-CALLERID-NUMBER",
        "A call segment's callerId object carries a number string (call-segments.txt > JSON Representation)";
    /// `callerId` is flattened into top-level fields.
    CallerIdFlattened => "caller-id-flattened", "CS-FIELD-CALLERID-ID",
        "A call segment's caller id is a nested object with id, name and number (call-segments.txt > JSON Representation)";
    /// `onHold` is the string "false"/"true".
    OnHoldAsString => "on-hold-as-string", "CS-FIELD-ONHOLD",
        "A call segment's onHold is a JSON boolean (call-segments.txt > JSON Representation)";
    /// Call segment lists include segments that involve no licensed extension.
    UnlicensedSegmentsListed => "unlicensed-segments-listed", "CS-LIST-CORE-EXCLUDES-UNLICENSED",
        "Call segment lists leave out segments unrelated to an extension of a fully licensed user (call-segments.txt > Root Resource Paths)";
    /// A segment that involves no licensed extension is served with 200.
    UnlicensedSegmentFetchable => "unlicensed-segment-fetchable", "CS-INSTANCE-403-UNLICENSED",
        "A call segment unrelated to an extension of a fully licensed user is refused with 403 (call-segments.txt > Instance Resource Paths)";
    /// A segment linked to a licensed one but bound to an unlicensed extension is hidden.
    MixedCallHidden => "mixed-call-hidden", "CS-LIST-CORE-INCLUDES-BOUND",
        "A segment bound to another segment of a licensed extension stays visible even if its own extension is unlicensed (call-segments.txt > Root Resource Paths)";
    /// `linkedCallSegment` returns the segment itself.
    LinkedReturnsSelf => "linked-returns-self", "CS-LINKED-SYMMETRIC",
        "linkedCallSegment returns the other party of the link (call-segments.txt > Instance Resource Paths > linkedCallSegment)";
    /// Only the calling side of a link reports it.
    LinkedOneWay => "linked-one-way", "CS-LINKED-SYMMETRIC",
        "Linking is mutual: each party's linkedCallSegment is the other (call-segments.txt > Instance Resource Paths > linkedCallSegment)";
    /// `linkedCallSegment` answers 200 for a segment that is only dialing or being dialed.
    LinkedWhenUnlinked => "linked-when-unlinked", "CS-LINKED-404-NOT-LINKED",
        "linkedCallSegment is 404 when the segment is not linked (call-segments.txt > Instance Resource Paths > linkedCallSegment, Errors)";
    /// `dialingFromCallSegment` is 404 even while the segment is being dialed.
    DialingFromMissing => "dialing-from-missing", "CS-DIALINGFROM-200",
        "dialingFromCallSegment returns the segment dialing this one (call-segments.txt > Instance Resource Paths > dialingFromCallSegment)";
    /// `dialingToCallSegments` is always empty.
    DialingToEmpty => "dialing-to-empty", "CS-DIALINGTO-CONTAINS-CALLEE",
        "dialingToCallSegments lists the segments being dialed (call-segments.txt > Root Resource Paths > dialingToCallSegments)";
    /// `incoming` is inverted.
    IncomingInverted => "incoming-inverted", "CS-INCOMING-TRUE-WHEN-DIALED",
        "incoming is true exactly for the segment being dialed by another (call-segments.txt > JSON Representation)";
    /// `did` is set on segments created in response to a dial.
    DidOnDialedSide => "did-on-dialed-side", "CS-DID-NULL-WHEN-DIALED",
        "did is null for a segment created in response to a dial (call-segments.txt > JSON Representation)";
    /// EXTERNAL segments are typed INTERNAL.
    ExternalTypedInternal => "external-typed-internal", "CS-TYPE-EXTERNAL",
        "A segment bound to an external source has type External (call-segments.txt > JSON Representation)";
    /// `transfer` moves the segment named in the path.
    TransferMovesGiven => "transfer-moves-given", "CS-TRANSFER-MOVES-BOUND",
        "transfer moves the segment bound to the named one, not the named one (call-segments.txt > Action Paths > transfer, Warning)";
    /// `transfer` accepts a body without `attended`.
    TransferAttendedOptional => "transfer-attended-optional", "CS-TRANSFER-422-NO-ATTENDED",
        "transfer without an attended value is refused with 422 (call-segments.txt > Action Paths > transfer, Errors)";
    /// `transfer` accepts a string `attended`.
    TransferAttendedString => "transfer-attended-string", "CS-TRANSFER-422-ATTENDED-NOT-BOOLEAN",
        "transfer with a non-boolean attended value is refused with 422 (call-segments.txt > Action Paths > transfer, Errors)";
    /// `originate` accepts a body without `destinationNumber`.
    OriginateDestinationOptional => "originate-destination-optional", "EXT-ORIGINATE-NO-DESTINATION-422",
        "originate without a destination number is refused with 422 (extensions.txt > Action Paths > originate, Errors)";
    /// `originate` answers success but places no call.
    OriginateNoCall => "originate-no-call", "EXT-ORIGINATE-CREATES-CALL",
        "originate places a call from the extension to the destination (extensions.txt > Action Paths > originate)";
    /// A body that is not JSON yields 500.
    NonJsonBody500 => "non-json-body-500", "OV-INVALID-JSON-412",
        "Invalid JSON in a request body is answered with 412 (API overview > Transport and status codes)";
    /// kick/mute/unmute succeed on a core without conference rooms.
    ConferenceActionsWithoutRooms => "conference-actions-without-rooms", "CS-KICK-500-NO-CONFERENCE",
        "kick, mute and unmute fail with 500 on a server without conference rooms (call-segments.txt > Action Paths > kick/mute/unmute, Errors)";
    /// Requests without credentials are served.
    AuthIgnored => "auth-ignored", "OV-AUTH-MISSING-401-403",
        "Requests without valid credentials are refused (401 or 403) (API overview > Transport and status codes)";
    /// A user's extension list holds every licensed extension of the core.
    UserExtensionsAll => "user-extensions-all", "EXT-LIST-ITEMS-FETCHABLE",
        "A user's extension list holds only the extensions bound to that user (extensions.txt > Root Resource Paths)";
    /// An extension's agents include agents of disabled queues.
    AgentsOfDisabledQueues => "agents-of-disabled-queues", "EXT-AGENTS-EXCLUDES-DISABLED-QUEUE",
        "An extension's agent list leaves out agents of disabled queues (extensions.txt > Sub Resource Paths > agents)";
    /// The agent-extension path is served through a disabled queue.
    DisabledQueueAgentExtension => "disabled-queue-agent-extension", "EXT-AGENT-EXT-403-DISABLED-QUEUE",
        "The extension of an agent is refused with 403 when the queue is not enabled (extensions.txt > Instance Resource Paths > agent extension, Errors)";
    /// The agent-extension path serves an unlicensed agent's extension.
    UnlicensedAgentExtension => "unlicensed-agent-extension", "EXT-AGENT-EXT-403-UNLICENSED-AGENT",
        "The extension of an agent whose extension lacks a fully licensed user is refused with 403 (extensions.txt > Instance Resource Paths > agent extension, Errors)";
    /// An extension's call segment list holds every visible segment of the core.
    ExtensionSegmentsAll => "extension-segments-all", "CS-LIST-EXT-OWN-SEGMENTS",
        "An extension's call segment list holds only segments bound to that extension (call-segments.txt > Root Resource Paths)";
    /// `enableDnd` is refused with 403 on a licensed extension.
    DndForbidden => "dnd-forbidden", "EXT-DND-ENABLE-2XX",
        "enableDnd succeeds on an extension bound to a fully licensed user (extensions.txt > Action Paths > enableDnd)";
    /// originate, enableDnd and disableDnd are not routed below the user root.
    UserRootActionsMissing => "user-root-actions-missing", "EXT-USER-ROOT-ACTIONS",
        "The extension actions hang off every instance path, the user root's included (extensions.txt > Action Paths, instance_resource_path)";
    /// Actions below the user root ignore the user: an unknown user still reaches the extension.
    UserRootActionsIgnoreUser => "user-root-actions-ignore-user", "EXT-DND-DISABLE-404-UNKNOWN-ANCESTOR",
        "An extension action below a user that does not exist answers 404 (extensions.txt > Action Paths, Errors)";
    /// Actions below the user root skip the licence check.
    UserRootActionsSkipLicence => "user-root-actions-skip-licence", "EXT-DND-DISABLE-403-UNLICENSED",
        "An extension action on an extension not bound to a fully licensed user is refused with 403, below the user root too (extensions.txt > Action Paths, Errors)";
    /// agents and callSegments are not routed below the agent's extension path.
    AgentPathSubResourcesMissing => "agent-path-sub-resources-missing", "EXT-AGENT-PATH-SUB-RESOURCES",
        "agents and callSegments hang off every instance path, the agent's extension path included (extensions.txt > Sub Resource Paths)";
    /// originate, enableDnd and disableDnd are not routed below the agent's extension path.
    AgentPathActionsMissing => "agent-path-actions-missing", "EXT-AGENT-PATH-ACTIONS",
        "The extension actions hang off every instance path, the agent's extension path included (extensions.txt > Action Paths)";
    /// Sub-resources and actions below a disabled queue's agent are served (the path itself is 403).
    DisabledQueueAgentChildren => "disabled-queue-agent-children", "EXT-AGENT-PATH-DISABLED-QUEUE-403",
        "Nothing below the extension of an agent reached through a disabled queue is available (extensions.txt > Instance Resource Paths > agent extension, Errors)";
    /// kick, mute and unmute below a conference room path ignore the room.
    RoomActionsIgnoreRoom => "room-actions-ignore-room", "CS-UNMUTE-404-UNKNOWN-ANCESTOR",
        "kick, mute and unmute below a conference room that does not exist answer 404 (call-segments.txt > Action Paths > kick/mute/unmute, Errors)";
    /// The extension JSON names its id `extensionId`.
    ExtensionIdRenamed => "extension-id-renamed", "EXT-FIELD-ID",
        "An extension carries its id in an id string (extensions.txt > JSON Representation)";
    /// `displayName` is null.
    ExtensionDisplayNameNull => "extension-display-name-null", "EXT-FIELD-DISPLAYNAME",
        "An extension carries a displayName string (extensions.txt > JSON Representation)";
    /// `getByName/{number}` finds the number's user and answers that user's first extension.
    ExtensionByNumberFirstOfUser => "extension-by-number-first-of-user", "EXT-INSTANCE-NUMBER-MATCHES",
        "getByName/{extension_number} returns the extension with that number (extensions.txt > Instance Resource Paths)";
    /// Read by number, an extension carries its user's configurationId and permissionId.
    ExtensionByNumberUserIds => "extension-by-number-user-ids", "EXT-INSTANCE-ID-EQUALS-NUMBER",
        "An extension read by number is the same object as read by id (extensions.txt > Instance Resource Paths)";
    /// Extensions bound to no user are listed (only an unlicensed user's are left out).
    UnboundExtensionListed => "unbound-extension-listed", "EXT-LIST-CORE-EXCLUDES-UNBOUND",
        "Extension lists leave out extensions bound to no user (extensions.txt > Root Resource Paths)";
    /// A user's extension list holds only the user's first extension.
    UserExtensionsFirstOnly => "user-extensions-first-only", "EXT-LIST-USER-OWN",
        "A user's extension list holds every extension bound to that user (extensions.txt > Root Resource Paths)";
    /// A user's extension list skips the licence filter.
    UserExtensionsUnlicensedListed => "user-extensions-unlicensed-listed", "EXT-LIST-USER-EXCLUDES-UNLICENSED",
        "A user's extension list leaves out extensions not bound to a fully licensed user (extensions.txt > Root Resource Paths)";
    /// A user's extension list for a user that does not exist is an empty list.
    UnknownUserExtensionsEmpty => "unknown-user-extensions-empty", "EXT-LIST-USER-404-UNKNOWN-USER",
        "A user's extension list for a user that does not exist answers 404 (extensions.txt > Root Resource Paths, Errors)";
    /// A user id in the extension position names that user's first extension.
    ExtensionIdNamesUser => "extension-id-names-user", "EXT-INSTANCE-404-WRONG-KIND",
        "An id that names no extension, a user's included, answers 404 in the extension position (extensions.txt > Instance Resource Paths, Errors)";
    /// Reading an extension by number skips the licence check.
    UnlicensedExtensionByNumber => "unlicensed-extension-by-number", "EXT-INSTANCE-BY-NUMBER-403-UNLICENSED",
        "An extension not bound to a fully licensed user is refused with 403 when read by number too (extensions.txt > Instance Resource Paths, Errors)";
    /// An extension number that names nothing yields 500.
    UnknownExtensionNumber500 => "unknown-extension-number-500", "EXT-INSTANCE-BY-NUMBER-404-UNKNOWN",
        "An extension number that names nothing is answered with 404 (extensions.txt > Instance Resource Paths, Errors)";
    /// The agent's extension path answers the agent's user's last extension.
    AgentExtensionViaUser => "agent-extension-via-user", "EXT-AGENT-EXT-RELATION",
        "The agent's extension path returns the extension the agent belongs to (extensions.txt > Instance Resource Paths > agent extension)";
    /// An agent id that names nothing yields 403 on the agent's extension path.
    AgentPathUnknownAgent403 => "agent-path-unknown-agent-403", "EXT-AGENT-EXT-404-UNKNOWN-AGENT",
        "An agent id that names nothing is answered with 404 on the agent's extension path (extensions.txt > Instance Resource Paths > agent extension, Errors)";
    /// A queue that does not exist yields 403 on the agent's extension path.
    AgentPathUnknownQueue403 => "agent-path-unknown-queue-403", "EXT-AGENT-EXT-404-UNKNOWN-QUEUE",
        "A queue that does not exist is answered with 404 on the agent's extension path (extensions.txt > Instance Resource Paths > agent extension, Errors)";
    /// An extension's agent list skips the licence check.
    UnlicensedExtensionAgents => "unlicensed-extension-agents", "EXT-AGENTS-403-UNLICENSED",
        "The agents of an extension not bound to a fully licensed user are refused with 403 (extensions.txt > Sub Resource Paths > agents, Errors)";
    /// An extension's call segment list skips the licence check.
    UnlicensedExtensionSegments => "unlicensed-extension-segments", "EXT-CALLSEGMENTS-403-UNLICENSED",
        "The call segments of an extension not bound to a fully licensed user are refused with 403 (extensions.txt > Sub Resource Paths > callSegments, Errors)";
    /// originate skips the licence check.
    UnlicensedOriginate => "unlicensed-originate", "EXT-ORIGINATE-403-UNLICENSED",
        "originate on an extension not bound to a fully licensed user is refused with 403 (extensions.txt > Action Paths > originate, Errors)";
    /// disableDnd is refused with 403 on a licensed extension.
    DndDisableForbidden => "dnd-disable-forbidden", "EXT-DND-DISABLE-2XX",
        "disableDnd succeeds on an extension bound to a fully licensed user (extensions.txt > Action Paths > disableDnd)";
    /// enableDnd or disableDnd in the state the extension is already in yields 409.
    DndRepeatConflict => "dnd-repeat-conflict", "EXT-DND-REPEATABLE",
        "enableDnd and disableDnd succeed whatever the current do-not-disturb state (extensions.txt > Action Paths > enableDnd, disableDnd)";
    /// enableDnd skips the licence check.
    UnlicensedEnableDnd => "unlicensed-enable-dnd", "EXT-DND-ENABLE-403-UNLICENSED",
        "enableDnd on an extension not bound to a fully licensed user is refused with 403 (extensions.txt > Action Paths > enableDnd, Errors)";
    /// enableDnd on an extension that does not exist yields 403.
    EnableDndUnknownExtension403 => "enable-dnd-unknown-extension-403", "EXT-DND-ENABLE-404-UNKNOWN-ANCESTOR",
        "enableDnd on an extension that does not exist answers 404 (extensions.txt > Action Paths > enableDnd, Errors)";
    /// originate from an extension that does not exist yields 403.
    OriginateUnknownExtension403 => "originate-unknown-extension-403", "EXT-ORIGINATE-404-UNKNOWN-ANCESTOR",
        "originate from an extension that does not exist answers 404 (extensions.txt > Action Paths > originate, Errors)";
    /// The agents of an extension that does not exist are an empty list.
    AgentsUnknownExtensionEmpty => "agents-unknown-extension-empty", "EXT-AGENTS-404-UNKNOWN-ANCESTOR",
        "The agents of an extension that does not exist answer 404 (extensions.txt > Sub Resource Paths > agents, Errors)";
    /// The call segments of an extension that does not exist are an empty list.
    SegmentsUnknownExtensionEmpty => "segments-unknown-extension-empty", "EXT-CALLSEGMENTS-404-UNKNOWN-ANCESTOR",
        "The call segments of an extension that does not exist answer 404 (extensions.txt > Sub Resource Paths > callSegments, Errors)";
    /// The user JSON has no `displayedName`.
    UserDisplayedNameMissing => "user-displayed-name-missing", "USR-FIELDS",
        "A user carries a displayedName string (API overview > Users)";
    /// Read by username, a user carries its configurationId as its id.
    UserByNameConfigurationId => "user-by-name-configuration-id", "USR-NAME-MATCHES",
        "A user read by username is the user with that id (API overview > Users, Identity)";
    /// A user id or username that names nothing yields 403.
    UnknownUser403 => "unknown-user-403", "USR-GET-404-UNKNOWN",
        "A user id or username that names nothing is answered with 404 (API overview > Transport and status codes)";
    /// `displayName` of a queue is null.
    QueueDisplayNameNull => "queue-display-name-null", "Q-FIELDS",
        "A queue carries a displayName string (API overview > Queues)";
    /// Read by identifier, a queue carries its configurationId as its id.
    QueueByIdentifierConfigurationId => "queue-by-identifier-configuration-id", "Q-IDENTIFIER-MATCHES",
        "A queue read by identifier is the queue with that id (API overview > Queues, Identity)";
    /// A disabled queue is served.
    DisabledQueueReadable => "disabled-queue-readable", "Q-DISABLED-UNAVAILABLE",
        "Only enabled queues are available (API overview > Queues)";
    /// An agent's `paused` is the string "false"/"true".
    AgentPausedAsString => "agent-paused-as-string", "AG-FIELDS",
        "An agent's paused is a JSON boolean (API overview > Agents)";
    /// The agents of a disabled queue are served.
    DisabledQueueAgentsListed => "disabled-queue-agents-listed", "AG-DISABLED-QUEUE-UNAVAILABLE",
        "Agents of a disabled queue are not available (API overview > Agents)";
    /// A queue's agents include those whose extension lacks a full licence.
    UnlicensedAgentListed => "unlicensed-agent-listed", "AG-UNLICENSED-EXCLUDED",
        "Agents whose extension is not bound to a fully licensed user are not available (API overview > Agents)";
    /// A room's `userGenerated` is the string "false"/"true".
    RoomUserGeneratedAsString => "room-user-generated-as-string", "CONF-FIELDS",
        "A conference room's userGenerated is a JSON boolean (API overview > Conference Rooms)";
    /// Read by identifier, a room carries its configurationId as its id.
    RoomByIdentifierConfigurationId => "room-by-identifier-configuration-id", "CONF-IDENTIFIER-MATCHES",
        "A conference room read by identifier is the room with that id (API overview > Conference Rooms, Identity)";
    /// A room's call segment list is always empty.
    RoomSegmentsEmpty => "room-segments-empty", "CONF-PARTICIPANT-LISTED",
        "A conference room's call segment list holds the segments taking part in it (API overview > Conference Rooms)";
    /// A room id or identifier that names nothing yields 403.
    UnknownRoom403 => "unknown-room-403", "CONF-GET-404-UNKNOWN",
        "A conference room id or identifier that names nothing is answered with 404 (API overview > Transport and status codes)";
    /// A segment id that names nothing yields 403 below a conference room.
    RoomUnknownSegment403 => "room-unknown-segment-403", "CONF-SEGMENT-404-UNKNOWN",
        "A call segment id that names nothing is answered with 404 below a conference room (API overview > Transport and status codes)";
    /// An extension is not readable below its user's root (the list is).
    UserRootInstanceMissing => "user-root-instance-missing", "EXT-INSTANCE-USER-ROOT-200",
        "An extension bound to a user is readable below that user's root, by id and by number (extensions.txt > Curl Examples)";
    /// A user's extension list below a core server that does not exist is an empty list.
    UserExtensionsUnknownCoreEmpty => "user-extensions-unknown-core-empty", "EXT-LIST-USER-404-UNKNOWN-CORE",
        "A user's extension list below a core server that does not exist answers 404 (extensions.txt > Root Resource Paths, Errors)";
    /// The agent's extension path below a core server that does not exist yields 403.
    AgentPathUnknownCore403 => "agent-path-unknown-core-403", "EXT-AGENT-EXT-404-UNKNOWN-CORE",
        "The agent's extension path below a core server that does not exist answers 404 (extensions.txt > Instance Resource Paths > agent extension, Errors)";
    /// The core server's extension list holds only each user's first extension.
    CoreExtensionsFirstPerUser => "core-extensions-first-per-user", "EXT-LIST-CORE-INCLUDES-LICENSED",
        "The core server's extension list holds every extension bound to a fully licensed user (extensions.txt > Root Resource Paths)";
    /// An agent id that names nothing in the queue yields 403.
    UnknownAgent403 => "unknown-agent-403", "AG-GET-404-UNKNOWN",
        "An agent id that names no agent of the queue is answered with 404 (API overview > Transport and status codes)";
    /// A queue id or identifier that names nothing yields 403.
    UnknownQueue403 => "unknown-queue-403", "Q-GET-404-UNKNOWN",
        "A queue id or identifier that names nothing is answered with 404 (API overview > Transport and status codes)";
    /// originate places the call but answers 500 (it gave up waiting for the answer).
    OriginateAnswers500 => "originate-answers-500", "EXT-ORIGINATE-2XX",
        "originate from a licensed extension to a destination number succeeds (extensions.txt > Action Paths > originate)";
    /// The core server's extension list fails with 500 when an extension is bound to no user.
    ExtensionListUnboundCrash => "extension-list-unbound-crash", "EXT-LIST-CORE-200",
        "The core server's extensions are returned as an array (extensions.txt > Root Resource Paths)";
    /// A user's extension list is not routed by user id (by username it is).
    UserExtensionsByIdUnsupported => "user-extensions-by-id-unsupported", "EXT-LIST-USER-200",
        "A user's extension list is reachable by user id and by username (extensions.txt > Root Resource Paths)";
    /// An extension is not readable by id below the core root (by number it is).
    ExtensionGetByIdUnsupported => "extension-get-by-id-unsupported", "EXT-INSTANCE-BY-ID-200",
        "Extensions are readable by id (extensions.txt > Instance Resource Paths)";
    /// The agents of an extension that has none answer 404.
    AgentsNone404 => "agents-none-404", "EXT-AGENTS-200",
        "The agents of a licensed extension are an array, empty when it has none (extensions.txt > Sub Resource Paths > agents)";
    /// The call segments of an extension that has none answer 404.
    SegmentsNone404 => "segments-none-404", "EXT-CALLSEGMENTS-200",
        "The call segments of a licensed extension are an array, empty when it has none (extensions.txt > Sub Resource Paths > callSegments)";
    /// Users are not readable by username (by id they are).
    UserGetByNameUnsupported => "user-get-by-name-unsupported", "USR-GET-200",
        "Users are readable by id and by username (API overview > Users)";
    /// Queues are not readable by identifier (by id they are).
    QueueGetByIdentifierUnsupported => "queue-get-by-identifier-unsupported", "Q-GET-200",
        "Enabled queues are readable by id and by identifier (API overview > Queues)";
    /// An agent is not readable below its queue (the queue's agent list is).
    QueueAgentInstanceMissing => "queue-agent-instance-missing", "AG-GET-200",
        "An agent of an enabled queue is readable below the queue by agent id (API overview > Agents)";
    /// Conference rooms are not readable by identifier (by id they are).
    RoomGetByIdentifierUnsupported => "room-get-by-identifier-unsupported", "CONF-GET-200",
        "Conference rooms are readable by id and by room identifier (API overview > Conference Rooms)";
    /// A room's call segment list is not routed (its segments are, one by one).
    RoomSegmentsListMissing => "room-segments-list-missing", "CONF-SEGMENTS-LIST-200",
        "A conference room's call segments are listed below the room (API overview > Conference Rooms)";
    /// The agent's extension path itself is not routed (what hangs below it is).
    AgentExtensionInstanceMissing => "agent-extension-instance-missing", "EXT-AGENT-EXT-200",
        "The extension of an enabled queue's agent is readable on the agent's extension path (extensions.txt > Instance Resource Paths > agent extension)";
    /// The agents below the user root ignore the user: an unknown user still reaches the extension.
    UserRootAgentsIgnoreUser => "user-root-agents-ignore-user", "EXT-AGENTS-404-UNKNOWN-ANCESTOR",
        "The agents below a user that does not exist answer 404 (extensions.txt > Sub Resource Paths > agents, Errors)";
    /// The call segments below the user root ignore the user.
    UserRootSegmentsIgnoreUser => "user-root-segments-ignore-user", "EXT-CALLSEGMENTS-404-UNKNOWN-ANCESTOR",
        "The call segments below a user that does not exist answer 404 (extensions.txt > Sub Resource Paths > callSegments, Errors)";
    /// Actions below the agent's extension path look the agent up in every queue, ignoring the
    /// queue the path names.
    AgentPathActionsIgnoreQueue => "agent-path-actions-ignore-queue", "EXT-DND-ENABLE-404-UNKNOWN-ANCESTOR",
        "An extension action below a queue that does not exist answers 404 (extensions.txt > Action Paths, Errors)";
    /// An agent id in the extension position names that agent's extension.
    ExtensionIdNamesAgent => "extension-id-names-agent", "EXT-INSTANCE-404-WRONG-KIND",
        "An id that names no extension, an agent's included, answers 404 in the extension position (extensions.txt > Instance Resource Paths, Errors)";
    /// The call segment's `id` is serialised under another name.
    SegmentIdRenamed => "segment-id-renamed", "CS-FIELD-ID",
        "A call segment carries its id as a string named id (call-segments.txt > JSON Representation)";
    /// `type` is serialised as the enum's ordinal (0 internal, 1 external).
    SegmentTypeOrdinal => "segment-type-ordinal", "CS-FIELD-TYPE",
        "A call segment's type is a string naming internal or external (call-segments.txt > JSON Representation)";
    /// `callerId.name` is null on external segments, whose caller name the PBX may not know.
    CallerIdNameNull => "caller-id-name-null", "CS-FIELD-CALLERID-NAME",
        "A call segment's callerId object carries a name string (call-segments.txt > JSON Representation)";
    /// `did` is left out of the JSON when there is none, instead of being null.
    DidOmittedWhenNull => "did-omitted-when-null", "CS-FIELD-DID",
        "A call segment always carries did, a string or null (call-segments.txt > JSON Representation)";
    /// `recording` is serialised as 0 or 1.
    RecordingAsNumber => "recording-as-number", "CS-FIELD-RECORDING",
        "A call segment's recording is a JSON boolean (call-segments.txt > JSON Representation)";
    /// `incoming` is left out of the JSON when it is false.
    IncomingOmittedWhenFalse => "incoming-omitted-when-false", "CS-FIELD-INCOMING",
        "A call segment always carries incoming, a boolean (call-segments.txt > JSON Representation)";
    /// A licensed extension's segment created by a dial is typed EXTERNAL (type follows the
    /// direction of the call instead of what the segment is bound to).
    DialedSideTypedExternal => "dialed-side-typed-external", "CS-TYPE-INTERNAL",
        "A segment bound to an internal extension has type Internal, whichever side of the call it is (call-segments.txt > JSON Representation > type)";
    /// Both sides of a ringing call report `incoming: true`.
    IncomingWhileRinging => "incoming-while-ringing", "CS-INCOMING-FALSE-WHEN-DIALING",
        "incoming is false for a segment that dials and is not being dialed (call-segments.txt > JSON Representation > incoming)";
    /// `dialingFromCallSegment` returns the segment itself.
    DialingFromReturnsSelf => "dialing-from-returns-self", "CS-DIALINGFROM-INVERSE",
        "dialingFromCallSegment names the segment that dials this one, the inverse of dialingToCallSegments (call-segments.txt > Instance Resource Paths > dialingFromCallSegment)";
    /// `dialingFromCallSegment` of a segment nobody dials returns any partner of its call.
    DialingFromAnyPartner => "dialing-from-any-partner", "CS-DIALINGFROM-404-NOT-DIALED",
        "dialingFromCallSegment is 404 when nobody dials the segment (call-segments.txt > Instance Resource Paths > dialingFromCallSegment, Errors)";
    /// `linkedCallSegment` skips the licence check.
    LinkedSkipsLicence => "linked-skips-licence", "CS-LINKED-403-UNLICENSED",
        "linkedCallSegment of a segment unrelated to an extension of a fully licensed user is refused with 403 (call-segments.txt > Instance Resource Paths > linkedCallSegment, Errors)";
    /// `dialingToCallSegments` skips the licence check.
    DialingToSkipsLicence => "dialing-to-skips-licence", "CS-DIALINGTO-403-UNLICENSED",
        "dialingToCallSegments of a segment unrelated to an extension of a fully licensed user is refused with 403 (call-segments.txt > Root Resource Paths > dialingToCallSegments, Errors)";
    /// An extension's call segment list skips the extension's licence check.
    ExtensionSegmentsSkipLicence => "extension-segments-skip-licence", "CS-LIST-EXT-403-UNLICENSED",
        "The call segments of an extension not bound to a fully licensed user are refused with 403 (call-segments.txt > Root Resource Paths, Errors)";
    /// A segment read through the root of an unlicensed extension skips that extension's check.
    RestrictedParentIgnored => "restricted-parent-ignored", "CS-INSTANCE-403-RESTRICTED-PARENT",
        "A call segment read through the root of an extension not bound to a fully licensed user is refused with 403 (call-segments.txt > Instance Resource Paths, Errors)";
    /// An extension id in the call segment position finds that extension's segment.
    SegmentByExtensionId => "segment-by-extension-id", "CS-INSTANCE-404-WRONG-KIND",
        "An id that names no call segment, such as an extension's, is answered with 404 in the call segment position (call-segments.txt > Instance Resource Paths, Errors)";
    /// Reading a segment id that names nothing is 403 (the licence check runs first).
    UnknownSegment403 => "unknown-segment-403", "CS-INSTANCE-404-UNKNOWN-ID",
        "A call segment id that names nothing is answered with 404 (call-segments.txt > Instance Resource Paths, Errors)";
    /// A segment only bound to a licensed one (not licensed itself) is listed but 403 by id.
    BoundSegmentForbidden => "bound-segment-forbidden", "CS-INSTANCE-BOUND-AVAILABLE",
        "A segment bound to a segment of a licensed extension is available by id (call-segments.txt > Instance Resource Paths)";
    /// The core server's call segment list leaves out calls that are still ringing.
    RingingSegmentsUnlisted => "ringing-segments-unlisted", "CS-LIST-CORE-INCLUDES-LICENSED",
        "The core server's call segment list holds the segments of extensions of fully licensed users, ringing ones included (call-segments.txt > Root Resource Paths)";
    /// `linkedCallSegment` of a segment id that names nothing is 500.
    LinkedUnknown500 => "linked-unknown-500", "CS-LINKED-404-UNKNOWN-SEGMENT",
        "linkedCallSegment of a call segment id that names nothing is answered with 404 (call-segments.txt > Instance Resource Paths > linkedCallSegment, Errors)";
    /// `dialingToCallSegments` of a segment id that names nothing is an empty list.
    DialingToUnknownEmpty => "dialing-to-unknown-empty", "CS-DIALINGTO-404-UNKNOWN-SEGMENT",
        "dialingToCallSegments of a call segment id that names nothing is answered with 404 (call-segments.txt > Root Resource Paths > dialingToCallSegments, Errors)";
    /// `dialingFromCallSegment` of a segment id that names nothing is 403.
    DialingFromUnknown403 => "dialing-from-unknown-403", "CS-DIALINGFROM-404-UNKNOWN-SEGMENT",
        "dialingFromCallSegment of a call segment id that names nothing is answered with 404 (call-segments.txt > Instance Resource Paths > dialingFromCallSegment, Errors)";
    /// `transfer` without `destinationNumber` fails with 500.
    TransferDestination500 => "transfer-destination-500", "CS-TRANSFER-422-NO-DESTINATION",
        "transfer without a destination number is refused with 422 (call-segments.txt > Action Paths > transfer, Errors)";
    /// `transfer` skips the licence check.
    TransferSkipsLicence => "transfer-skips-licence", "CS-TRANSFER-403-UNLICENSED",
        "transfer on a call segment unrelated to an extension of a fully licensed user is refused with 403 (call-segments.txt > Action Paths > transfer, Errors)";
    /// `transfer` below an extension root looks the segment up as if the path had no extension.
    TransferIgnoresExtensionRoot => "transfer-ignores-extension-root", "CS-TRANSFER-404-UNKNOWN-ANCESTOR",
        "transfer below an extension that does not exist answers 404 (call-segments.txt > Action Paths > transfer, Errors)";
    /// A blind transfer (`attended: false`) fails with 500.
    BlindTransferFails => "blind-transfer-fails", "CS-TRANSFER-2XX",
        "A blind transfer of a licensed segment to a destination number succeeds (call-segments.txt > Action Paths > transfer)";
    /// `kick` answers success but the segment stays in its room.
    KickNoOp => "kick-no-op", "CS-KICK-REMOVES-FROM-ROOM",
        "kick takes the segment out of its conference room (call-segments.txt > Action Paths > kick)";
    /// `mute` succeeds on a segment in no conference room.
    MuteOutsideRoomAccepted => "mute-outside-room-accepted", "CS-MUTE-NOT-IN-ROOM-REJECTED",
        "mute only works on a segment in a conference room (call-segments.txt > Action Paths > mute, Warning)";
    /// `unmute` succeeds on a segment in no conference room.
    UnmuteOutsideRoomAccepted => "unmute-outside-room-accepted", "CS-UNMUTE-NOT-IN-ROOM-REJECTED",
        "unmute only works on a segment in a conference room (call-segments.txt > Action Paths > unmute, Warning)";
    /// `kick` succeeds on a segment in no conference room.
    KickOutsideRoomAccepted => "kick-outside-room-accepted", "CS-KICK-NOT-IN-ROOM-REJECTED",
        "kick only works on a segment in a conference room (call-segments.txt > Action Paths > kick, Warning)";
    /// `kick` of a conference participant is refused with 403.
    KickForbidden => "kick-forbidden", "CS-KICK-2XX",
        "kick succeeds on a segment in a conference room (call-segments.txt > Action Paths > kick)";
    /// `mute` is not routed below an extension's call segment root.
    MuteExtensionRootUnrouted => "mute-extension-root-unrouted", "CS-MUTE-2XX",
        "mute hangs off every call segment instance path, an extension's included (call-segments.txt > Action Paths > mute)";
    /// `unmute` of a conference participant fails with 500.
    UnmuteFails => "unmute-fails", "CS-UNMUTE-2XX",
        "unmute succeeds on a segment in a conference room (call-segments.txt > Action Paths > unmute)";
    /// Successful actions answer 303 See Other, pointing at the object acted on.
    ActionsSeeOther => "actions-see-other", "OV-ACTION-2XX",
        "An action that succeeds answers with a 2xx status, 204 documented (API overview > Transport and status codes)";
    /// `dialingToCallSegments` of a segment that dials nobody is 404, like linkedCallSegment.
    DialingTo404WhenIdle => "dialing-to-404-when-idle", "CS-DIALINGTO-200",
        "dialingToCallSegments is a list, empty when the segment dials nobody; dialing nobody is no documented error (call-segments.txt > Root Resource Paths > dialingToCallSegments)";
    /// An empty collection is answered 204 with no body.
    EmptyLists204 => "empty-lists-204", "OV-GET-200",
        "A read that succeeds answers 200, an empty collection included (API overview > Transport and status codes)";
    /// Call segment objects are written with a trailing comma, as in the page's example.
    SegmentJsonTrailingComma => "segment-json-trailing-comma", "OV-JSON-RESPONSES",
        "Responses are JSON documents; the example's trailing comma is not JSON (API overview > Transport; call-segments.txt > JSON Representation)";
    /// A call segment is not routed by id directly below the core server.
    CoreRootSegmentUnrouted => "core-root-segment-unrouted", "CS-INSTANCE-200",
        "A call segment is readable by id below the core server (call-segments.txt > Instance Resource Paths)";
    /// A call segment is not routed by id below an extension's call segment root.
    ExtensionRootSegmentUnrouted => "extension-root-segment-unrouted", "CS-INSTANCE-EXT-ROOT-200",
        "A call segment is readable by id below its extension's call segments (call-segments.txt > Instance Resource Paths, Curl Examples)";
    /// The core server's call segment list is not routed when the core is named by slug.
    CoreSegmentListBySlugUnrouted => "core-segment-list-by-slug-unrouted", "CS-LIST-CORE-200",
        "The core server's call segments are reachable through getByName/{core_server_slug} (call-segments.txt > Root Resource Paths)";
    /// An extension's call segment list is not routed when the extension is named by number.
    ExtensionSegmentsByNumberUnrouted => "extension-segments-by-number-unrouted", "CS-LIST-EXT-200",
        "An extension's call segments are reachable through getByName/{extension_number} (call-segments.txt > Root Resource Paths)";
    /// `linkedCallSegment` is an array holding the linked segment.
    LinkedAsList => "linked-as-list", "CS-LINKED-200",
        "linkedCallSegment is one call segment object, not a collection (call-segments.txt > Instance Resource Paths > linkedCallSegment)";
    /// A conference participant's segment is typed EXTERNAL (its channel is seen as the
    /// bridge's, not the extension's).
    RoomParticipantTypedExternal => "room-participant-typed-external", "CS-TYPE-INTERNAL",
        "A segment bound to an internal extension has type Internal, in a conference room too (call-segments.txt > JSON Representation > type)";
    /// `dialingFromCallSegment` of a segment unrelated to a licensed extension fails with 500.
    DialingFromUnlicensed500 => "dialing-from-unlicensed-500", "CS-DIALINGFROM-403-UNLICENSED",
        "dialingFromCallSegment of a segment unrelated to an extension of a fully licensed user is refused with 403 (call-segments.txt > Instance Resource Paths > dialingFromCallSegment, Errors)";
    /// The core server's call segment list misses calls placed after the server started (a
    /// list cache that never hears of originated channels).
    OriginatedCallsUnlisted => "originated-calls-unlisted", "CS-LIST-CORE-INCLUDES-LICENSED",
        "The core server's call segment list holds every segment of an extension of a fully licensed user, new calls included (call-segments.txt > Root Resource Paths)";
    /// `transfer` below `extensions/getByName/{number}` takes a number that names nothing for
    /// no extension at all (a null lookup read as a wildcard).
    TransferUnknownNumberIgnored => "transfer-unknown-number-ignored", "CS-TRANSFER-404-UNKNOWN-ANCESTOR",
        "transfer below an extension number that names nothing answers 404 (call-segments.txt > Action Paths > transfer, Errors)";
    /// kick, mute and unmute below an extension's call segment root ignore the extension.
    ConferenceActionsIgnoreExtension => "conference-actions-ignore-extension", "CS-MUTE-404-UNKNOWN-ANCESTOR",
        "kick, mute and unmute below an extension that does not exist answer 404 (call-segments.txt > Action Paths > kick/mute/unmute, Errors)";
    /// Segments of extensions without a fully licensed user are typed EXTERNAL (the server
    /// only recognises extensions through its licensed view).
    UnlicensedExtensionTypedExternal => "unlicensed-extension-typed-external", "CS-TYPE-INTERNAL",
        "A segment bound to an internal extension has type Internal, whether or not its user holds a full licence (call-segments.txt > JSON Representation > type)";
    /// `unmute` of a participant that is not muted is refused with 409.
    UnmuteUnmutedRefused => "unmute-unmuted-refused", "CS-UNMUTE-2XX",
        "unmute succeeds on a segment in a conference room; not being muted is no documented error (call-segments.txt > Action Paths > unmute)";
    /// `mute` of a participant that is already muted is refused with 409.
    MuteMutedRefused => "mute-muted-refused", "CS-MUTE-2XX",
        "mute succeeds on a segment in a conference room; being muted already is no documented error (call-segments.txt > Action Paths > mute)";
    /// The call segment list of a core server without conference rooms fails with 500 (the
    /// list joins each segment to its room).
    RoomlessCoreSegmentList500 => "roomless-core-segment-list-500", "CS-LIST-CORE-200",
        "Every core server's call segments are listed, conference rooms enabled or not (call-segments.txt > Root Resource Paths)";
    /// `originate` with `"destinationNumber": null` fails with 500 (the value is read before it
    /// is checked). Only the generated family sends it.
    OriginateNullDestination500 => "originate-null-destination-500", "EXT-ORIGINATE-NO-DESTINATION-422",
        "originate without a destination number value, a null one included, is refused with 422 (extensions.txt > Action Paths > originate, Errors)";
    /// A `getByName/` name holding a percent-encoded character fails with 500 (the name is
    /// decoded into something the lookup chokes on). Only the generated family sends one.
    EncodedName500 => "encoded-name-500", "EXT-INSTANCE-BY-NUMBER-404-UNKNOWN",
        "An extension number that names no extension answers 404, whatever characters it holds (extensions.txt > Instance Resource Paths, Errors)";
    /// A transfer that moves a segment an earlier transfer moved leaves the segment it leaves
    /// behind up and still linked to the moved one (the second hand-off forgets the old leg).
    /// Only a sequence of two transfers of one call exposes it (the stateful phase).
    SecondTransferOneSidedLink => "second-transfer-one-sided-link", "CS-LINKED-SYMMETRIC",
        "Linking is mutual, after any number of transfers: a segment is linked to one that is linked back to it (call-segments.txt > Instance Resource Paths > linkedCallSegment)";
    /// A transfer on the segment of a call's callee (one that was dialed) moves that segment
    /// itself, not the caller's bound to it. Only a call made, answered and then transferred
    /// from the callee's side exposes it (the stateful phase); the hand-written cases transfer
    /// on the caller's side.
    CalleeSideTransferMovesGiven => "callee-side-transfer-moves-given", "CS-TRANSFER-MOVES-BOUND",
        "A transfer moves the segment bound to the one in the path, from either side of the call: on the callee's segment it moves the caller (call-segments.txt > Action Paths > transfer)";
}

impl Fault {
    /// Looks a fault up by its kebab-case name.
    pub fn from_name(s: &str) -> Option<Fault> {
        Self::ALL.iter().copied().find(|f| f.name() == s)
    }

    /// The word and the bit of this fault in a [`FaultSet`].
    fn slot(self) -> (usize, u64) {
        let index = self as usize;
        (index / 64, 1 << (index % 64))
    }
}

// Every fault fits in a set (checked at compile time).
const _: () = assert!(Fault::ALL.len() <= FaultSet::CAPACITY, "widen FaultSet");

/// A set of active faults, cheap to test on the request path.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct FaultSet([u64; 4]);

impl FaultSet {
    /// How many faults a set can hold.
    pub(crate) const CAPACITY: usize = 4 * 64;

    pub(crate) fn new(faults: &[Fault]) -> Self {
        faults.iter().fold(Self::default(), |set, f| set.with(*f))
    }

    pub(crate) fn has(self, fault: Fault) -> bool {
        let (word, bit) = fault.slot();
        self.0[word] & bit != 0
    }

    /// The set with `fault` added: a fault that skips one check reuses the fault that skips
    /// it everywhere, on one path only.
    pub(crate) fn with(mut self, fault: Fault) -> Self {
        let (word, bit) = fault.slot();
        self.0[word] |= bit;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_kebab_case_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        assert!(Fault::all().len() >= 25 && Fault::all().len() <= FaultSet::CAPACITY);
        for f in Fault::all() {
            assert!(seen.insert(f.name()), "duplicate {}", f.name());
            assert!(f
                .name()
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit()));
            assert_eq!(Fault::from_name(f.name()), Some(*f));
            assert!(f.rule().contains(".txt") || f.rule().contains("API overview"));
        }
        assert_eq!(Fault::from_name("nope"), None);
    }

    #[test]
    fn fault_set_tracks_membership() {
        let set = FaultSet::new(&[Fault::AuthIgnored]);
        assert!(set.has(Fault::AuthIgnored));
        assert!(!set.has(Fault::DndForbidden));
        // Faults past the first 64 and 128 land in their own words.
        let last = *Fault::all().last().unwrap();
        let set = FaultSet::new(&[last, Fault::AuthIgnored]);
        assert!(set.has(last) && set.has(Fault::AuthIgnored));
        for f in &Fault::all()[1..Fault::all().len() - 1] {
            assert!(!set.has(*f) || *f == Fault::AuthIgnored, "{}", f.name());
        }
    }
}
