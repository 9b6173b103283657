//! The fake's world: users, guilds, roles, channels, and the JSON Discord sends for them.
//!
//! Every object carries the fields serenity 0.12.5 insists on (roles with `colors`, members
//! with `deaf`/`mute`/`flags`, guilds with the `GUILD_CREATE` extras), checked by deserializing
//! into serenity's own model types in the self-test.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};

pub const DISCORD_EPOCH_MS: u64 = 1_420_070_400_000;

// Permission bits (Discord's numbering).
pub const CREATE_INSTANT_INVITE: u64 = 1 << 0;
pub const ADMINISTRATOR: u64 = 1 << 3;
pub const MANAGE_GUILD: u64 = 1 << 5;
pub const ADD_REACTIONS: u64 = 1 << 6;
pub const VIEW_CHANNEL: u64 = 1 << 10;
pub const SEND_MESSAGES: u64 = 1 << 11;
pub const MANAGE_MESSAGES: u64 = 1 << 13;
pub const EMBED_LINKS: u64 = 1 << 14;
pub const ATTACH_FILES: u64 = 1 << 15;
pub const READ_MESSAGE_HISTORY: u64 = 1 << 16;
pub const USE_EXTERNAL_EMOJIS: u64 = 1 << 18;
pub const CONNECT: u64 = 1 << 20;
pub const SPEAK: u64 = 1 << 21;
pub const CHANGE_NICKNAME: u64 = 1 << 26;
pub const USE_APPLICATION_COMMANDS: u64 = 1 << 31;
pub const CREATE_PUBLIC_THREADS: u64 = 1 << 35;
pub const SEND_MESSAGES_IN_THREADS: u64 = 1 << 38;
/// Every permission bit Discord defines today.
pub const ALL_PERMISSIONS: u64 = (1 << 51) - 1;

/// What @everyone may do in the default fixture.
pub const EVERYONE_PERMISSIONS: u64 = CREATE_INSTANT_INVITE
    | ADD_REACTIONS
    | VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | USE_EXTERNAL_EMOJIS
    | CONNECT
    | SPEAK
    | CHANGE_NICKNAME
    | USE_APPLICATION_COMMANDS
    | CREATE_PUBLIC_THREADS
    | SEND_MESSAGES_IN_THREADS;
pub const MODERATOR_PERMISSIONS: u64 = MANAGE_MESSAGES | MANAGE_GUILD;
pub const BOT_ROLE_PERMISSIONS: u64 =
    VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS | ATTACH_FILES | READ_MESSAGE_HISTORY;

/// A fixed point in time for fixture timestamps (`joined_at`).
pub const FIXTURE_TIME: &str = "2024-03-01T12:00:00.000000+00:00";

/// Generates snowflakes whose embedded time is "now", strictly increasing.
#[derive(Debug, Default)]
pub struct Snowflakes {
    last: AtomicU64,
}

impl Snowflakes {
    pub fn next(&self) -> u64 {
        let ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
        let candidate = (ms.saturating_sub(DISCORD_EPOCH_MS)) << 22;
        let mut prev = self.last.load(Ordering::Relaxed);
        loop {
            let next = candidate.max(prev + 1);
            match self
                .last
                .compare_exchange(prev, next, Ordering::Relaxed, Ordering::Relaxed)
            {
                Ok(_) => return next,
                Err(actual) => prev = actual,
            }
        }
    }
}

/// Now, formatted as Discord formats timestamps.
pub fn now_timestamp() -> String {
    serenity::model::Timestamp::now().to_string()
}

/// A user tests act as.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TestUser {
    pub id: u64,
    pub name: String,
    pub global_name: Option<String>,
    pub bot: bool,
}

impl TestUser {
    pub fn new(id: u64, name: &str) -> Self {
        let mut display = name.to_string();
        if let Some(first) = display.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        Self {
            id,
            name: name.to_string(),
            global_name: Some(display),
            bot: false,
        }
    }

    /// `<@id>`
    pub fn mention(&self) -> String {
        format!("<@{}>", self.id)
    }

    pub fn json(&self) -> Value {
        json!({
            "id": self.id.to_string(),
            "username": self.name,
            "discriminator": "0",
            "global_name": self.global_name,
            "avatar": null,
            "bot": self.bot,
            "system": false,
            "public_flags": 0,
            "flags": 0,
            "banner": null,
            "accent_color": null,
            "avatar_decoration_data": null,
        })
    }
}

#[derive(Clone, Debug)]
pub struct RoleFixture {
    pub id: u64,
    pub name: String,
    pub permissions: u64,
    pub position: u16,
    pub color: u32,
    pub managed: bool,
}

#[derive(Clone, Debug)]
pub struct ChannelFixture {
    pub id: u64,
    pub name: String,
    /// 0 text, 2 voice, 4 category, 5 announcement, 15 forum.
    pub kind: u8,
    pub position: u16,
    pub topic: Option<String>,
    /// Permission overwrites as Discord sends them (`{"id", "type", "allow", "deny"}`).
    pub overwrites: Vec<Value>,
}

#[derive(Clone, Debug)]
pub struct MemberFixture {
    pub user_id: u64,
    pub roles: Vec<u64>,
    pub nick: Option<String>,
}

#[derive(Clone, Debug)]
pub struct GuildFixture {
    pub id: u64,
    pub name: String,
    pub owner_id: u64,
    pub locale: String,
    /// The first role must be @everyone (id = guild id).
    pub roles: Vec<RoleFixture>,
    pub channels: Vec<ChannelFixture>,
    pub members: Vec<MemberFixture>,
}

impl GuildFixture {
    /// A server the bot is not in yet, made like guild A (its members and roles) under its
    /// own `id` and `name`, with one text channel, "welcome" (`channel`), to join it with
    /// `FakeDiscord::join_guild`.
    pub fn joining(id: u64, name: &str, channel: u64) -> GuildFixture {
        let mut joined = World::default().guilds[0].clone();
        joined.id = id;
        name.clone_into(&mut joined.name);
        joined.roles[0].id = id;
        joined.channels = vec![ChannelFixture {
            id: channel,
            name: "welcome".into(),
            kind: 0,
            position: 0,
            topic: None,
            overwrites: Vec::new(),
        }];
        joined
    }
}

/// Everything the fake knows about: users and guilds. Tests may edit it through
/// `FakeConfig::world` before starting.
#[derive(Clone, Debug)]
pub struct World {
    pub bot: TestUser,
    pub app_owner: TestUser,
    pub users: Vec<TestUser>,
    pub guilds: Vec<GuildFixture>,
}

/// Discord's `SEND_MESSAGES` permission bit.
pub const SEND_MESSAGES_BIT: u64 = 1 << 11;

pub const BOT_ID: u64 = 1_200_000_000_000_000_001;
pub const GUILD_A: u64 = 1_200_000_000_000_000_101;
pub const GUILD_B: u64 = 1_200_000_000_000_000_102;

impl Default for World {
    /// Two guilds.
    ///
    /// Guild A "Creator Lab": alice, bob, mod (Moderator: Manage Messages + Manage Server),
    /// owner (guild owner), the bot; channels #general and #guides.
    /// Guild B "Second Shop": alice, carol (Moderator there), owner, the bot; same channels.
    fn default() -> Self {
        let mut bot = TestUser::new(BOT_ID, "funnel-coach");
        bot.global_name = None;
        bot.bot = true;
        let alice = TestUser::new(1_200_000_000_000_000_011, "alice");
        let bob = TestUser::new(1_200_000_000_000_000_012, "bob");
        let moderator = TestUser::new(1_200_000_000_000_000_013, "mod");
        let carol = TestUser::new(1_200_000_000_000_000_014, "carol");
        let owner = TestUser::new(1_200_000_000_000_000_015, "owner");

        let guild = |id: u64, name: &str, base: u64, members: Vec<(u64, bool)>| {
            let moderator_role = base + 301;
            let bot_role = base + 302;
            let mut member_list: Vec<MemberFixture> = members
                .into_iter()
                .map(|(user_id, is_mod)| MemberFixture {
                    user_id,
                    roles: if is_mod { vec![moderator_role] } else { vec![] },
                    nick: None,
                })
                .collect();
            member_list.push(MemberFixture {
                user_id: BOT_ID,
                roles: vec![bot_role],
                nick: None,
            });
            GuildFixture {
                id,
                name: name.to_string(),
                owner_id: owner.id,
                locale: "en-US".into(),
                roles: vec![
                    RoleFixture {
                        id,
                        name: "@everyone".into(),
                        permissions: EVERYONE_PERMISSIONS,
                        position: 0,
                        color: 0,
                        managed: false,
                    },
                    RoleFixture {
                        id: moderator_role,
                        name: "Moderator".into(),
                        permissions: MODERATOR_PERMISSIONS,
                        position: 2,
                        color: 0x2e_cc_71,
                        managed: false,
                    },
                    RoleFixture {
                        id: bot_role,
                        name: "Funnel Coach".into(),
                        permissions: BOT_ROLE_PERMISSIONS,
                        position: 1,
                        color: 0,
                        managed: true,
                    },
                ],
                channels: vec![
                    ChannelFixture {
                        id: base + 201,
                        name: "general".into(),
                        kind: 0,
                        position: 0,
                        topic: None,
                        overwrites: Vec::new(),
                    },
                    ChannelFixture {
                        id: base + 202,
                        name: "guides".into(),
                        kind: 0,
                        position: 1,
                        topic: Some("Guides for creators".into()),
                        overwrites: Vec::new(),
                    },
                    // Read-only for the bot: its role may not send messages here.
                    ChannelFixture {
                        id: base + 203,
                        name: "announcements".into(),
                        kind: 0,
                        position: 2,
                        topic: None,
                        overwrites: vec![json!({
                            "id": bot_role.to_string(),
                            "type": 0,
                            "allow": "0",
                            "deny": SEND_MESSAGES_BIT.to_string(),
                        })],
                    },
                ],
                members: member_list,
            }
        };
        let base_a = 1_200_000_000_000_000_000;
        let base_b = 1_200_000_000_000_010_000;
        let guilds = vec![
            guild(
                GUILD_A,
                "Creator Lab",
                base_a,
                vec![
                    (alice.id, false),
                    (bob.id, false),
                    (moderator.id, true),
                    (owner.id, false),
                ],
            ),
            guild(
                GUILD_B,
                "Second Shop",
                base_b,
                vec![(alice.id, false), (carol.id, true), (owner.id, false)],
            ),
        ];
        World {
            bot,
            app_owner: owner.clone(),
            users: vec![alice, bob, moderator, carol, owner],
            guilds,
        }
    }
}

impl World {
    pub fn user(&self, name: &str) -> Option<&TestUser> {
        if self.bot.name == name {
            return Some(&self.bot);
        }
        self.users.iter().find(|u| u.name == name)
    }

    pub fn user_by_id(&self, id: u64) -> Option<&TestUser> {
        if self.bot.id == id {
            return Some(&self.bot);
        }
        self.users.iter().find(|u| u.id == id)
    }

    pub fn guild(&self, id: u64) -> Option<&GuildFixture> {
        self.guilds.iter().find(|g| g.id == id)
    }

    /// The guild a channel belongs to, with the channel.
    pub fn guild_channel(&self, channel_id: u64) -> Option<(&GuildFixture, &ChannelFixture)> {
        self.guilds.iter().find_map(|g| {
            g.channels
                .iter()
                .find(|c| c.id == channel_id)
                .map(|c| (g, c))
        })
    }

    pub fn app_json(&self) -> Value {
        json!({
            "id": self.bot.id.to_string(),
            "name": self.bot.name,
            "icon": null,
            "description": "funnel-coach under test",
            "rpc_origins": [],
            "bot_public": true,
            "bot_require_code_grant": false,
            "owner": self.app_owner.json(),
            "team": null,
            "verify_key": "0000000000000000000000000000000000000000000000000000000000000000",
            "flags": 0,
            "bot": self.bot.json(),
            "integration_types_config": {"0": {}},
        })
    }
}

impl GuildFixture {
    pub fn member(&self, user_id: u64) -> Option<&MemberFixture> {
        self.members.iter().find(|m| m.user_id == user_id)
    }

    pub fn role(&self, id: u64) -> Option<&RoleFixture> {
        self.roles.iter().find(|r| r.id == id)
    }

    pub fn role_named(&self, name: &str) -> Option<&RoleFixture> {
        self.roles.iter().find(|r| r.name == name)
    }

    pub fn channel_named(&self, name: &str) -> Option<&ChannelFixture> {
        self.channels.iter().find(|c| c.name == name)
    }

    /// Guild-level permissions of a member: owner → all; else @everyone | roles; admin → all.
    pub fn permissions(&self, user_id: u64) -> u64 {
        if user_id == self.owner_id {
            return ALL_PERMISSIONS;
        }
        let mut perms = self.role(self.id).map_or(0, |r| r.permissions);
        if let Some(member) = self.member(user_id) {
            for role in &member.roles {
                perms |= self.role(*role).map_or(0, |r| r.permissions);
            }
        }
        if perms & ADMINISTRATOR != 0 {
            ALL_PERMISSIONS
        } else {
            perms
        }
    }

    /// A member's permissions in one channel, as Discord computes them: the guild's, then the
    /// channel's overwrites for @everyone, for the member's roles, and for the member.
    pub fn channel_permissions(&self, user_id: u64, channel: &ChannelFixture) -> u64 {
        let mut perms = self.permissions(user_id);
        if perms & ADMINISTRATOR != 0 || perms == ALL_PERMISSIONS {
            return ALL_PERMISSIONS;
        }
        let bits = |o: &Value, key: &str| {
            o.get(key)
                .and_then(Value::as_str)
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0)
        };
        let id_of = |o: &Value| {
            o.get("id")
                .and_then(Value::as_str)
                .and_then(|v| v.parse::<u64>().ok())
        };
        let roles = self
            .member(user_id)
            .map(|m| m.roles.clone())
            .unwrap_or_default();
        for o in channel
            .overwrites
            .iter()
            .filter(|o| id_of(o) == Some(self.id))
        {
            perms = (perms & !bits(o, "deny")) | bits(o, "allow");
        }
        let (mut allow, mut deny) = (0, 0);
        for o in &channel.overwrites {
            let is_role = o.get("type").and_then(Value::as_u64) == Some(0);
            if is_role && id_of(o).is_some_and(|id| roles.contains(&id)) {
                allow |= bits(o, "allow");
                deny |= bits(o, "deny");
            }
        }
        perms = (perms & !deny) | allow;
        for o in &channel.overwrites {
            let is_member = o.get("type").and_then(Value::as_u64) == Some(1);
            if is_member && id_of(o) == Some(user_id) {
                perms = (perms & !bits(o, "deny")) | bits(o, "allow");
            }
        }
        perms
    }

    #[allow(clippy::unused_self)] // reads as "this guild's role" at the call sites
    pub fn role_json(&self, r: &RoleFixture) -> Value {
        json!({
            "id": r.id.to_string(),
            "name": r.name,
            "color": r.color,
            "colors": {"primary_color": r.color, "secondary_color": null, "tertiary_color": null},
            "hoist": false,
            "icon": null,
            "unicode_emoji": null,
            "position": r.position,
            "permissions": r.permissions.to_string(),
            "managed": r.managed,
            "mentionable": false,
            "flags": 0,
        })
    }

    /// A member object. `with_user`: include `user` (omitted in `resolved.members`).
    /// `with_permissions`: include `permissions` (as in interactions).
    pub fn member_json(
        &self,
        m: &MemberFixture,
        user: &TestUser,
        with_user: bool,
        with_permissions: bool,
    ) -> Value {
        let mut v = json!({
            "nick": m.nick,
            "avatar": null,
            "banner": null,
            "roles": m.roles.iter().map(u64::to_string).collect::<Vec<_>>(),
            "joined_at": FIXTURE_TIME,
            "premium_since": null,
            "deaf": false,
            "mute": false,
            "flags": 0,
            "pending": false,
            "communication_disabled_until": null,
            "unusual_dm_activity_until": null,
        });
        if with_user {
            v["user"] = user.json();
        }
        if with_permissions {
            v["permissions"] = Value::String(self.permissions(m.user_id).to_string());
        }
        v
    }

    pub fn channel_json(&self, c: &ChannelFixture) -> Value {
        json!({
            "id": c.id.to_string(),
            "type": c.kind,
            "guild_id": self.id.to_string(),
            "name": c.name,
            "position": c.position,
            "permission_overwrites": c.overwrites,
            "topic": c.topic,
            "nsfw": false,
            "last_message_id": null,
            "rate_limit_per_user": 0,
            "parent_id": null,
            "flags": 0,
        })
    }

    /// The partial channel of an interaction (`channel`), with the member's permissions there.
    pub fn interaction_channel_json(&self, c: &ChannelFixture, user_id: u64) -> Value {
        let mut v = self.channel_json(c);
        v["permissions"] = Value::String(self.channel_permissions(user_id, c).to_string());
        v
    }

    fn base_json(&self) -> Value {
        json!({
            "id": self.id.to_string(),
            "name": self.name,
            "icon": null,
            "icon_hash": null,
            "splash": null,
            "discovery_splash": null,
            "owner_id": self.owner_id.to_string(),
            "afk_channel_id": null,
            "afk_timeout": 300,
            "widget_enabled": false,
            "widget_channel_id": null,
            "verification_level": 1,
            "default_message_notifications": 1,
            "explicit_content_filter": 2,
            "roles": self.roles.iter().map(|r| self.role_json(r)).collect::<Vec<_>>(),
            "emojis": [],
            "features": ["COMMUNITY"],
            "mfa_level": 0,
            "application_id": null,
            "system_channel_id": self.channels.first().map(|c| c.id.to_string()),
            "system_channel_flags": 0,
            "rules_channel_id": null,
            "max_presences": null,
            "max_members": 500_000,
            "vanity_url_code": null,
            "description": null,
            "banner": null,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "preferred_locale": self.locale,
            "public_updates_channel_id": null,
            "max_video_channel_users": 25,
            "max_stage_video_channel_users": 50,
            "nsfw_level": 0,
            "stickers": [],
            "premium_progress_bar_enabled": false,
            "safety_alerts_channel_id": null,
            "incidents_data": null,
        })
    }

    /// What `GET /guilds/{id}` returns.
    pub fn rest_json(&self) -> Value {
        let mut v = self.base_json();
        v["approximate_member_count"] = json!(self.members.len());
        v["approximate_presence_count"] = json!(0);
        v
    }

    /// The `GUILD_CREATE` payload.
    pub fn create_json(&self, world: &World) -> Value {
        let mut v = self.base_json();
        let members: Vec<Value> = self
            .members
            .iter()
            .filter_map(|m| {
                world
                    .user_by_id(m.user_id)
                    .map(|u| self.member_json(m, u, true, false))
            })
            .collect();
        let obj = v.as_object_mut().expect("guild json is an object");
        obj.insert("joined_at".into(), json!(FIXTURE_TIME));
        obj.insert("large".into(), json!(false));
        obj.insert("unavailable".into(), json!(false));
        obj.insert("member_count".into(), json!(self.members.len()));
        obj.insert("voice_states".into(), json!([]));
        obj.insert("members".into(), Value::Array(members));
        obj.insert(
            "channels".into(),
            Value::Array(self.channels.iter().map(|c| self.channel_json(c)).collect()),
        );
        obj.insert("threads".into(), json!([]));
        obj.insert("presences".into(), json!([]));
        obj.insert("stage_instances".into(), json!([]));
        obj.insert("guild_scheduled_events".into(), json!([]));
        obj.insert("soundboard_sounds".into(), json!([]));
        v
    }
}
