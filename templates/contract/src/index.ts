// The example contract project. The contract and its generated code arrive with the codegen issue.
export const TEMPLATE_NAME = "contract";
