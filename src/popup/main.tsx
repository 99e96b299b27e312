import { render } from "preact";

render(<p>CORS Doctor popup</p>, document.getElementById("app")!);
