// Entry point (loaded by index.html as an external module script — the CSP allows no inline script).
import "./styles/app.css";
import { App } from "./app";

const root = document.getElementById("app");
if (root) {
  const app = new App(root);
  void app.start();
}
