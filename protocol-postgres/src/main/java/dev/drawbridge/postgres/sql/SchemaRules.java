package dev.drawbridge.postgres.sql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drawbridge.core.model.Action;
import java.util.Map;

/**
 * Statements that change the schema (ddl) or administer the server (admin): roles, privileges,
 * databases, tablespaces, extensions, foreign servers, replication, maintenance ({@code VACUUM},
 * {@code ANALYZE}, {@code CLUSTER}, {@code REINDEX}, {@code CHECKPOINT}), row-level security
 * policies, ownership, and code in an untrusted language.
 */
final class SchemaRules {

  /** Statements whose kind alone decides: their whole tree is walked for resources. */
  private static final Map<String, Verdict> FIXED =
      Map.ofEntries(
          ddl("CreateStmt", "CREATE TABLE"),
          ddl("CreateForeignTableStmt", "CREATE FOREIGN TABLE"),
          ddl("ViewStmt", "CREATE VIEW"),
          ddl("IndexStmt", "CREATE INDEX"),
          ddl("CreateSeqStmt", "CREATE SEQUENCE"),
          ddl("AlterSeqStmt", "ALTER SEQUENCE"),
          ddl("CreateDomainStmt", "CREATE DOMAIN"),
          ddl("AlterDomainStmt", "ALTER DOMAIN"),
          ddl("CreateEnumStmt", "CREATE TYPE"),
          ddl("CreateRangeStmt", "CREATE TYPE"),
          ddl("AlterEnumStmt", "ALTER TYPE"),
          ddl("AlterTypeStmt", "ALTER TYPE"),
          ddl("CreateStatsStmt", "CREATE STATISTICS"),
          ddl("AlterStatsStmt", "ALTER STATISTICS"),
          ddl("RuleStmt", "CREATE RULE"),
          ddl("CreateConversionStmt", "CREATE CONVERSION"),
          ddl("CreateCastStmt", "CREATE CAST"),
          ddl("CreateTransformStmt", "CREATE TRANSFORM"),
          ddl("AlterCollationStmt", "ALTER COLLATION"),
          ddl("AlterOperatorStmt", "ALTER OPERATOR"),
          ddl("AlterTSDictionaryStmt", "ALTER TEXT SEARCH DICTIONARY"),
          ddl("AlterTSConfigurationStmt", "ALTER TEXT SEARCH CONFIGURATION"),
          admin("CreateTableSpaceStmt", "CREATE TABLESPACE"),
          admin("DropTableSpaceStmt", "DROP TABLESPACE"),
          admin("AlterTableSpaceOptionsStmt", "ALTER TABLESPACE"),
          admin("AlterTableMoveAllStmt", "ALTER TABLE"),
          admin("CreateExtensionStmt", "CREATE EXTENSION"),
          admin("AlterExtensionStmt", "ALTER EXTENSION"),
          admin("AlterExtensionContentsStmt", "ALTER EXTENSION"),
          admin("CreateFdwStmt", "CREATE FOREIGN DATA WRAPPER"),
          admin("AlterFdwStmt", "ALTER FOREIGN DATA WRAPPER"),
          admin("CreateForeignServerStmt", "CREATE SERVER"),
          admin("AlterForeignServerStmt", "ALTER SERVER"),
          admin("CreateUserMappingStmt", "CREATE USER MAPPING"),
          admin("AlterUserMappingStmt", "ALTER USER MAPPING"),
          admin("DropUserMappingStmt", "DROP USER MAPPING"),
          admin("ImportForeignSchemaStmt", "IMPORT FOREIGN SCHEMA"),
          admin("CreateAmStmt", "CREATE ACCESS METHOD"),
          admin("CreateEventTrigStmt", "CREATE EVENT TRIGGER"),
          admin("AlterEventTrigStmt", "ALTER EVENT TRIGGER"),
          admin("CreatePLangStmt", "CREATE LANGUAGE"),
          admin("AlterRoleStmt", "ALTER ROLE"),
          admin("AlterRoleSetStmt", "ALTER ROLE"),
          admin("DropRoleStmt", "DROP ROLE"),
          admin("AlterDefaultPrivilegesStmt", "ALTER DEFAULT PRIVILEGES"),
          admin("DropOwnedStmt", "DROP OWNED"),
          admin("ReassignOwnedStmt", "REASSIGN OWNED"),
          admin("CreatedbStmt", "CREATE DATABASE"),
          admin("AlterDatabaseStmt", "ALTER DATABASE"),
          admin("AlterDatabaseSetStmt", "ALTER DATABASE"),
          admin("AlterDatabaseRefreshCollStmt", "ALTER DATABASE"),
          admin("DropdbStmt", "DROP DATABASE"),
          admin("AlterSystemStmt", "ALTER SYSTEM"),
          admin("LoadStmt", "LOAD"),
          admin("CheckPointStmt", "CHECKPOINT"),
          admin("ClusterStmt", "CLUSTER"),
          admin("ReindexStmt", "REINDEX"),
          admin("CreatePublicationStmt", "CREATE PUBLICATION"),
          admin("AlterPublicationStmt", "ALTER PUBLICATION"),
          admin("CreateSubscriptionStmt", "CREATE SUBSCRIPTION"),
          admin("AlterSubscriptionStmt", "ALTER SUBSCRIPTION"),
          admin("DropSubscriptionStmt", "DROP SUBSCRIPTION"),
          admin("CreatePolicyStmt", "CREATE POLICY"),
          admin("AlterPolicyStmt", "ALTER POLICY"),
          admin("CreateOpClassStmt", "CREATE OPERATOR CLASS"),
          admin("CreateOpFamilyStmt", "CREATE OPERATOR FAMILY"),
          admin("AlterOpFamilyStmt", "ALTER OPERATOR FAMILY"),
          admin("SecLabelStmt", "SECURITY LABEL"));

  private SchemaRules() {}

  /** The verdict for a ddl or admin statement, walking it; null when {@code type} is not one. */
  static Verdict verdict(String type, JsonNode statement, TreeWalker walker) {
    Verdict fixed = FIXED.get(type);
    if (fixed != null) {
      walker.walk(statement);
      if (type.equals("SecLabelStmt")) {
        walker.touched().object(statement.path("objtype").asText(""), statement.get("object"));
      }
      return fixed;
    }
    return switch (type) {
      case "AlterTableStmt" -> alterTable(statement, walker);
      case "DropStmt" -> drop(statement, walker);
      case "CommentStmt" -> named(statement, "objtype", "COMMENT", walker);
      case "RenameStmt" -> rename(statement, walker);
      case "AlterObjectSchemaStmt" -> {
        Verdict moved = named(statement, "objectType", null, walker);
        String movedType = statement.path("objectType").asText("");
        // moving a routine or an operator into a schema on the search path can shadow a built-in
        yield movedType.startsWith("OBJECT_FUNCTION")
                || movedType.startsWith("OBJECT_PROCEDURE")
                || movedType.startsWith("OBJECT_ROUTINE")
                || movedType.startsWith("OBJECT_AGGREGATE")
                || movedType.startsWith("OBJECT_OPERATOR")
            ? new Verdict(Action.ADMIN, moved.verb())
            : moved;
      }
      case "AlterObjectDependsStmt" -> named(statement, "objectType", null, walker);
      case "AlterOwnerStmt" -> {
        named(statement, "objectType", null, walker);
        yield new Verdict(
            Action.ADMIN, "ALTER " + SqlNames.objectWord(statement.path("objectType").asText("")));
      }
      case "CreateFunctionStmt" -> createFunction(statement, walker);
      case "AlterFunctionStmt" -> {
        walker.touched().object(statement.path("objtype").asText(""), statement.get("func"));
        walker.walkExcept(statement, "func");
        yield new Verdict(
            Action.DDL, "ALTER " + SqlNames.objectWord(statement.path("objtype").asText("")));
      }
      case "CreateTrigStmt" -> {
        walker.walk(statement);
        walker.touched().named(Nodes.function(statement.path("funcname")));
        yield new Verdict(Action.DDL, "CREATE TRIGGER");
      }
      case "CompositeTypeStmt" -> {
        walker.walkExcept(statement, "typevar"); // the new type's name, not a table
        yield new Verdict(Action.DDL, "CREATE TYPE");
      }
      case "CreateSchemaStmt" -> {
        walker.inSchema(statement.path("schemaname").asText(""), statement);
        yield new Verdict(Action.DDL, "CREATE SCHEMA");
      }
      case "DefineStmt" -> {
        // aggregates, operators, base types, collations…: operators and aggregates can shadow
        // built-ins the gateway treats as harmless
        walker.walk(statement);
        yield new Verdict(
            Action.ADMIN, "CREATE " + SqlNames.objectWord(statement.path("kind").asText("")));
      }
      case "CreateRoleStmt" -> {
        walker.walk(statement);
        String kind = statement.path("stmt_type").asText("ROLESTMT_ROLE");
        yield new Verdict(Action.ADMIN, "CREATE " + kind.substring(kind.indexOf('_') + 1));
      }
      case "GrantStmt" -> grant(statement, walker);
      case "GrantRoleStmt" -> {
        walker.walk(statement);
        yield new Verdict(
            Action.ADMIN, statement.path("is_grant").asBoolean(false) ? "GRANT" : "REVOKE");
      }
      case "VacuumStmt" -> {
        walker.walk(statement);
        boolean vacuum = statement.path("is_vacuumcmd").asBoolean(false);
        yield new Verdict(Action.ADMIN, vacuum ? "VACUUM" : "ANALYZE");
      }
      default -> null;
    };
  }

  private static Verdict alterTable(JsonNode statement, TreeWalker walker) {
    walker.walk(statement);
    Action action = Action.DDL;
    for (JsonNode command : statement.path("cmds")) {
      String subtype = command.path("AlterTableCmd").path("subtype").asText("");
      if (SqlNames.ADMIN_TABLE_COMMANDS.contains(subtype)) {
        action = Action.ADMIN;
      }
    }
    return new Verdict(
        action, "ALTER " + SqlNames.objectWord(statement.path("objtype").asText("")));
  }

  private static Verdict drop(JsonNode statement, TreeWalker walker) {
    String type = statement.path("removeType").asText("");
    for (JsonNode object : statement.path("objects")) {
      walker.touched().object(type, object);
    }
    // CASCADE drops whatever depends on the objects, tables the statement never names
    Action action =
        "DROP_CASCADE".equals(statement.path("behavior").asText(""))
            ? Action.ADMIN
            : kindAction(type);
    return new Verdict(action, "DROP " + SqlNames.objectWord(type));
  }

  private static Verdict rename(JsonNode statement, TreeWalker walker) {
    String type = statement.path("renameType").asText("");
    walker.walkExcept(statement, "object");
    walker.touched().object(type, statement.get("object"));
    String named =
        switch (type) {
          case "OBJECT_COLUMN", "OBJECT_TABCONSTRAINT" ->
              statement.path("relationType").asText(type);
          default -> type;
        };
    return new Verdict(kindAction(type), "ALTER " + SqlNames.objectWord(named));
  }

  /** A statement about one named object; {@code verb} null means {@code ALTER <kind>}. */
  private static Verdict named(
      JsonNode statement, String typeField, String verb, TreeWalker walker) {
    String type = statement.path(typeField).asText("");
    walker.walkExcept(statement, "object");
    walker.touched().object(type, statement.get("object"));
    return new Verdict(
        kindAction(type), verb != null ? verb : "ALTER " + SqlNames.objectWord(type));
  }

  private static Verdict createFunction(JsonNode statement, TreeWalker walker) {
    walker.touched().named(Nodes.function(statement.path("funcname")));
    walker.walk(statement);
    String language = "sql"; // a body without LANGUAGE is SQL-standard
    for (JsonNode option : statement.path("options")) {
      JsonNode element = option.path("DefElem");
      if (element.path("defname").asText("").equals("language")) {
        language = element.path("arg").path("String").path("sval").asText("");
      }
    }
    String verb =
        statement.path("is_procedure").asBoolean(false) ? "CREATE PROCEDURE" : "CREATE FUNCTION";
    // a new function can shadow a built-in the gateway treats as harmless (a better argument-type
    // match wins over pg_catalog's), so creating one is admin whatever its language
    return new Verdict(Action.ADMIN, verb);
  }

  private static Verdict grant(JsonNode statement, TreeWalker walker) {
    String type = statement.path("objtype").asText("");
    if (SqlNames.ROUTINE_OBJECT_TYPES.contains(type)) {
      for (JsonNode object : statement.path("objects")) {
        walker.touched().object(type, object);
      }
      walker.walkExcept(statement, "objects");
    } else {
      walker.walk(statement);
    }
    return new Verdict(
        Action.ADMIN, statement.path("is_grant").asBoolean(false) ? "GRANT" : "REVOKE");
  }

  private static Action kindAction(String objectType) {
    return SqlNames.ADMIN_OBJECT_TYPES.contains(objectType) ? Action.ADMIN : Action.DDL;
  }

  private static Map.Entry<String, Verdict> ddl(String type, String verb) {
    return Map.entry(type, new Verdict(Action.DDL, verb));
  }

  private static Map.Entry<String, Verdict> admin(String type, String verb) {
    return Map.entry(type, new Verdict(Action.ADMIN, verb));
  }
}
